import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import type { RequestHandler } from 'express';
import type { Store } from 'express-session';
import type { DataSource } from 'typeorm';
import type { PersonKey, PortalSessionRevoker } from '../identity/index.js';
import { noSessionRevoker, PORTAL_SESSION_REVOKER } from '../identity/index.js';
import { SAML_CACHE_OPTIONS } from './saml-cache.options.js';
import type { SamlCacheOptions } from './saml-cache.options.js';
import { SamlCacheService } from './saml-cache.service.js';
import { SamlAcsGuard } from './saml-acs.guard.js';
import { ForcedAuthnRequests } from './forced-authn-requests.js';
import { SamlLoginBindingService } from './saml-login-binding.service.js';
import { SamlLoginService } from './saml-login.service.js';
import { SamlLogoutService } from './saml-logout.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SAML_OPTIONS, SAML_SETTINGS } from './saml.options.js';
import { IdpMetadataSource } from './idp-metadata-source.js';
import { SamlCertificatesService } from './saml-certificates.service.js';
import { SAML_RATE_LIMIT_STORAGE, SamlRateLimitGuard } from './saml-rate-limit.guard.js';
import { samlRateLimitStorage } from './saml-rate-limit.storage.js';
import { samlSessionMiddleware } from './saml-session.middleware.js';
import { SamlStartupLog } from './saml-startup-log.js';
import { SamlStrategy } from './saml.strategy.js';
import { SessionSerializer } from './session.serializer.js';
import { TypeOrmSessionStore } from './typeorm-session.store.js';

/** Token of the request handlers (session, passport) the module mounts in front of every route. */
export const SAML_SESSION_MIDDLEWARE = Symbol('NOMOS_SAML_SESSION_MIDDLEWARE');
/** Token of the session store (`undefined` with `saml.session: false`). */
const SAML_SESSION_STORE = Symbol('NOMOS_SAML_SESSION_STORE');

/** A store that can end one person's sessions, as the package's own store can. */
interface PersonSessionStore {
  revokePerson(person: PersonKey): Promise<number>;
}

/**
 * Ends a person's sessions through the store, when it can: the package's store and any host store
 * with `revokePerson(person)`. Another store keeps them (the suspended mapping still refuses every
 * link), which start-up says once.
 */
function sessionRevokerOf(store: Store | undefined): PortalSessionRevoker {
  const revoking = store as Partial<PersonSessionStore> | undefined;
  if (typeof revoking?.revokePerson === 'function') return { revoke: (person) => revoking.revokePerson!(person) };
  if (store !== undefined) {
    new Logger('NomosSaml').warn(
      'saml.session.store has no revokePerson(person): deprovisioning suspends ' +
        "a person's mapping but cannot end their sessions",
    );
  }
  return noSessionRevoker;
}

/**
 * The SAML part's providers. They read the resolved settings from {@link SAML_OPTIONS}: the root's
 * slice ({@link SAML_SETTINGS}, resolved once with the other parts' options) with the IdP's metadata read.
 * @param dataSource name of the DataSource holding the session table (the default one when unset)
 */
export function samlProviders(dataSource?: string): Provider[] {
  return [
    // The IdP's metadata is read (from its URL, when it has one) before any SAML provider starts.
    { provide: IdpMetadataSource, inject: [SAML_SETTINGS], useFactory: IdpMetadataSource.start },
    {
      provide: SAML_OPTIONS,
      inject: [IdpMetadataSource],
      useFactory: (source: IdpMetadataSource): ResolvedSamlOptions => source.options(),
    },
    SamlCertificatesService,
    {
      provide: SAML_CACHE_OPTIONS,
      inject: [SAML_OPTIONS],
      // Used assertion ids must outlive every clock skew we accept, or a late replay would pass.
      useFactory: (saml: ResolvedSamlOptions): SamlCacheOptions => ({
        requestTtlMs: saml.requestTtlMs,
        assertionExpiryMarginMs: Math.max(300_000, saml.acceptedClockSkewMs * 2),
      }),
    },
    {
      provide: SAML_SESSION_STORE,
      inject: [SAML_OPTIONS, getDataSourceToken(dataSource)],
      useFactory: (saml: ResolvedSamlOptions, source: DataSource): Store | undefined =>
        saml.session === false
          ? undefined
          : (saml.session.store ??
            new TypeOrmSessionStore(source, {
              ttlMs: saml.session.idleTimeoutMs,
              touchIntervalMs: saml.session.touchIntervalMs,
            })),
    },
    {
      provide: SAML_SESSION_MIDDLEWARE,
      inject: [SAML_OPTIONS, SAML_SESSION_STORE],
      useFactory: (saml: ResolvedSamlOptions, store: Store | undefined): RequestHandler[] =>
        saml.session === false || store === undefined ? [] : samlSessionMiddleware(saml.session, store),
    },
    { provide: PORTAL_SESSION_REVOKER, inject: [SAML_SESSION_STORE], useFactory: sessionRevokerOf },
    { provide: SAML_RATE_LIMIT_STORAGE, inject: [SAML_OPTIONS], useFactory: samlRateLimitStorage },
    SamlCacheService,
    SamlLoginBindingService,
    SamlRateLimitGuard,
    SamlLoginService,
    SamlLogoutService,
    SamlStrategy,
    ForcedAuthnRequests,
    SamlAcsGuard,
    SessionSerializer,
    SamlStartupLog,
  ];
}
