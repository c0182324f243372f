import { Inject, Injectable, Optional } from '@nestjs/common';
import { SAML } from '@node-saml/node-saml';
import type { SamlConfig } from '@node-saml/node-saml';
import type { PassportSamlConfig } from '@node-saml/passport-saml';
import { SamlCacheService } from './saml-cache.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SAML_OPTIONS } from './saml.options.js';
import type { SamlStepUpOptions } from './saml-step-up.options.js';
import { SAML_STEP_UP_OPTIONS } from './saml-step-up.options.js';
import { nodeSamlConfig } from './saml.strategy.js';

/**
 * The strategy's node-saml settings for a forced sign-in: `ForceAuthn="true"` and, when the host
 * requires contexts, a RequestedAuthnContext naming them with Comparison `exact`. `exact` because
 * the gate accepts only the listed values: `minimum` would invite a stronger class the gate then
 * refuses. (The default login asks for no context: see `nodeSamlConfig`.)
 */
export function forcedAuthnConfig(base: PassportSamlConfig, stepUp: SamlStepUpOptions | undefined): SamlConfig {
  // passport-saml's own keys; node-saml ignores them, they are dropped so the config is node-saml's alone.
  const { name: _name, passReqToCallback: _passReq, ...config } = base;
  const authnContext = stepUp?.authnContext ?? [];
  return {
    ...config,
    forceAuthn: true,
    ...(authnContext.length > 0
      ? { disableRequestedAuthnContext: false, authnContext: [...authnContext], racComparison: 'exact' as const }
      : {}),
  };
}

/**
 * Builds the AuthnRequests of forced sign-ins. node-saml 5 reads `forceAuthn`, `authnContext` and
 * `racComparison` from its construction options only (`getAuthorizeUrlAsync`'s `additionalParams`
 * become query parameters, not XML), so a forced request needs a second `SAML` instance. It shares
 * the strategy's request cache, so the strategy's ACS validates the answer's InResponseTo as usual;
 * this instance never validates anything.
 */
@Injectable()
export class ForcedAuthnRequests {
  /** The node-saml instance for `getAuthorizeUrlAsync` of a forced sign-in. */
  readonly saml: SAML;

  constructor(
    @Inject(SAML_OPTIONS) options: ResolvedSamlOptions,
    cache: SamlCacheService,
    @Optional() @Inject(SAML_STEP_UP_OPTIONS) stepUp?: SamlStepUpOptions,
  ) {
    this.saml = new SAML(forcedAuthnConfig(nodeSamlConfig(options, cache), stepUp));
  }
}
