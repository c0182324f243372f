import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { SAML } from '@node-saml/node-saml';
import { Strategy, ValidateInResponseTo } from '@node-saml/passport-saml';
import type { PassportSamlConfig, VerifiedCallback, VerifyWithRequest } from '@node-saml/passport-saml';
import type { Request } from 'express';
import type { PortalUser } from '../identity/index.js';
import { SamlCacheService } from './saml-cache.service.js';
import { SamlLoginService } from './saml-login.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SAML_OPTIONS } from './saml.options.js';
import { SAML_STRATEGY } from './saml.tokens.js';
import { ACCEPTED_LOGOUT_BINDINGS, withLogoutBindings } from './sp-metadata.js';

/** node-saml settings: strict unless the host loosened a `saml.*` option on purpose. */
export function nodeSamlConfig(options: ResolvedSamlOptions, cache: SamlCacheService): PassportSamlConfig {
  const { idp, sp } = options;
  return {
    name: SAML_STRATEGY,
    passReqToCallback: true,
    entryPoint: idp.ssoUrl,
    idpIssuer: idp.entityId,
    // Asked on every message (node-saml does not cache a callback's answer): with a metadata URL,
    // `idp.certs` follows each refresh, so rotated certificates are trusted without a restart.
    idpCert: (done) => done(null, idp.certs),
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    logoutUrl: idp.sloUrl ?? idp.ssoUrl,
    logoutCallbackUrl: sp.logoutUrl,
    identifierFormat: options.nameIdFormat,
    wantAuthnResponseSigned: options.wantAuthnResponseSigned,
    wantAssertionsSigned: options.wantAssertionsSigned,
    acceptedClockSkewMs: options.acceptedClockSkewMs,
    validateInResponseTo: options.allowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: options.requestTtlMs,
    cacheProvider: cache,
    signatureAlgorithm: options.signatureAlgorithm,
    digestAlgorithm: options.signatureAlgorithm,
    privateKey: sp.signingKey,
    publicCert: sp.signingCert,
    decryptionPvk: sp.decryptionKey,
    // Asking for PasswordProtectedTransport breaks MFA, Windows and passkey logins at most IdPs.
    disableRequestedAuthnContext: true,
  };
}

/**
 * passport-saml's strategy, registered as `nomos-saml`. Its constructor takes
 * `(options, signonVerify, logoutVerify)`; `PassportStrategy` appends its own `validate` callback
 * after whatever we pass, which passport-saml would take as `logoutVerify` if we passed only one.
 * So both verify functions are passed explicitly and the appended callback lands in a fourth,
 * ignored position — `validate` is never called.
 */
@Injectable()
export class SamlStrategy extends PassportStrategy(Strategy, SAML_STRATEGY) {
  constructor(@Inject(SAML_OPTIONS) options: ResolvedSamlOptions, cache: SamlCacheService, logins: SamlLoginService) {
    const signonVerify = (
      _request: Request,
      profile: Parameters<SamlLoginService['verifySignon']>[0],
      done: VerifiedCallback,
    ) => {
      logins.verifySignon(profile).then(
        (user) => done(null, user as unknown as Record<string, unknown>),
        (error: Error) => done(error),
      );
    };
    const logoutVerify = (
      request: Request,
      profile: Parameters<SamlLoginService['verifyLogout']>[1],
      done: VerifiedCallback,
    ) => {
      const user = logins.verifyLogout((request as Request & { user?: PortalUser }).user, profile);
      done(null, user as unknown as Record<string, unknown> | undefined);
    };
    // The mixin's typing drops the last parameter (it expects to supply it); we supply all three.
    const args = [nodeSamlConfig(options, cache), signonVerify, logoutVerify] as unknown as [
      PassportSamlConfig,
      VerifyWithRequest,
    ];
    super(...args);
  }

  /** The node-saml instance, for building AuthnRequests, logout URLs and metadata. */
  get saml(): SAML {
    return this._saml!;
  }

  /**
   * The SP metadata, with one `SingleLogoutService` per binding the logout route accepts:
   * node-saml 5.1 publishes only HTTP-POST, whatever the SP implements.
   */
  override generateServiceProviderMetadata(
    decryptionCert: string | null,
    signingCert?: string | string[] | null,
  ): string {
    return withLogoutBindings(
      super.generateServiceProviderMetadata(decryptionCert, signingCert),
      ACCEPTED_LOGOUT_BINDINGS,
    );
  }

  validate(): never {
    throw new Error('SamlStrategy verifies through signonVerify/logoutVerify; validate() is never called');
  }
}
