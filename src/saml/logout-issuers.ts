import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { SamlConfig } from '@node-saml/node-saml';
import type { SamlCacheService } from './saml-cache.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { nodeSamlConfig } from './saml.strategy.js';
import type { SamlStrategy } from './saml.strategy.js';

/**
 * The issuers an IdP logout message may name: the IdP's entity id and the aliases listed in
 * `saml.idp.logoutIssuers`. Microsoft Entra ID, for one, issues assertions as
 * `https://sts.windows.net/<tenant>/` (its metadata entity id) but LogoutResponses as
 * `https://login.microsoftonline.com/<tenant>/`. Each alias is matched exactly, and the message
 * must still be signed by one of the IdP's own certificates, so an alias can only ever name the
 * configured IdP under a second name, never another party.
 *
 * node-saml compares a logout message's Issuer with a single `idpIssuer`, so each accepted issuer
 * gets its own node-saml instance, built once from the same settings.
 */
export class LogoutIssuers {
  private readonly requestVerifiers = new Map<string, SAML>();
  private readonly responseVerifiers = new Map<string, SAML>();
  private readonly strategies = new Map<string, SamlStrategy>();

  constructor(options: ResolvedSamlOptions, strategy: SamlStrategy, cache: SamlCacheService) {
    const base = nodeSamlConfig(options, cache) as unknown as SamlConfig;
    for (const issuer of new Set([options.idp.entityId, ...options.idp.logoutIssuers])) {
      const own = issuer === options.idp.entityId;
      const request = own ? strategy.saml : new SAML({ ...base, idpIssuer: issuer });
      this.requestVerifiers.set(issuer, request);
      // node-saml checks InResponseTo only on a Response root; the LogoutResponse's is checked (and used up) by the SP.
      this.responseVerifiers.set(
        issuer,
        new SAML({ ...base, idpIssuer: issuer, validateInResponseTo: ValidateInResponseTo.never }),
      );
      // passport-saml reads `_saml` on each request: a strategy whose node-saml expects this issuer.
      this.strategies.set(
        issuer,
        own ? strategy : Object.assign(Object.create(strategy) as SamlStrategy, { _saml: request }),
      );
    }
  }

  /** Whether `issuer` (a logout message's Issuer text) is the IdP or one of its listed aliases. */
  has(issuer: string | undefined): issuer is string {
    return issuer !== undefined && this.requestVerifiers.has(issuer);
  }

  /** node-saml for an IdP LogoutRequest (either binding) naming `issuer`. */
  requestVerifier(issuer: string): SAML {
    return this.pick(this.requestVerifiers, issuer);
  }

  /** node-saml for an IdP LogoutResponse sent by POST naming `issuer`. */
  responseVerifier(issuer: string): SAML {
    return this.pick(this.responseVerifiers, issuer);
  }

  /** The passport strategy for an HTTP-Redirect logout message naming `issuer`. */
  strategyFor(issuer: string): SamlStrategy {
    return this.pick(this.strategies, issuer);
  }

  private pick<T>(from: Map<string, T>, issuer: string): T {
    const found = from.get(issuer);
    if (found === undefined) throw new Error('logout issuer not accepted'); // callers check has() first
    return found;
  }
}
