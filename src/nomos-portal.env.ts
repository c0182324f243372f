import { envNamesReadBy, OPTION_ENV_NAMES } from './common/env-names.js';
import {
  envFile as file,
  envFlag as flag,
  envList as list,
  envText as text,
  envWhole as whole,
  readOptionFile as readFile,
  type Env,
} from './common/env-values.js';
import { optionError } from './common/option-checks.js';
import type { NomosApiOptions } from './nomos-api/nomos-api.options.js';
import type { NomosPortalModuleOptions, PortalOptions } from './nomos-portal.options.js';
import type { SamlOptions } from './saml/saml.options.js';

/**
 * `NOMOS_PORTAL_AUTO_LINK_DOMAINS` (comma-separated) turns auto-link on for those domains only;
 * with `NOMOS_PORTAL_AUTO_LINK_BY_EMAIL=false` beside it, the two contradict each other.
 */
function autoLinkFromEnv(env: Env): PortalOptions['autoLinkByEmail'] {
  const enabled = flag(env, 'portal.autoLinkByEmail');
  const domains = list(env, 'portal.autoLinkByEmail.domains');
  if (domains === undefined) return enabled;
  if (enabled === false) {
    throw optionError(
      'portal.autoLinkByEmail.domains',
      `is set but ${OPTION_ENV_NAMES['portal.autoLinkByEmail']}=false: unset one of them`,
    );
  }
  return { domains };
}

/**
 * `SAML_RATE_LIMIT` (requests per window per IP and route; `0` turns the limits off) and
 * `SAML_RATE_LIMIT_WINDOW_MS`.
 */
function rateLimitFromEnv(env: Env): SamlOptions['rateLimit'] {
  const limit = whole(env, 'saml.rateLimit.limit');
  const ttlMs = whole(env, 'saml.rateLimit.ttlMs');
  if (limit === 0) return false;
  return limit === undefined && ttlMs === undefined ? undefined : { limit, ttlMs };
}

/** `memory` or `database`: the two stores a variable can name (Redis or your own need code). */
function storeName(
  env: Env,
  path: 'nomos.rateLimit.store' | 'portal.personRateLimit.storage',
): 'memory' | 'database' | undefined {
  const name = text(env, path);
  if (name === undefined || name === 'memory' || name === 'database') return name;
  throw optionError(path, `must be memory or database, got ${JSON.stringify(name)}`);
}

/** `NOMOS_RATE_LIMIT` (calls per second for the fleet; `0` turns pacing off) and its companions. */
function nomosRateLimitFromEnv(env: Env): NomosApiOptions['rateLimit'] {
  const perSecond = whole(env, 'nomos.rateLimit.perSecond');
  if (perSecond === 0) return false;
  const given = {
    perSecond,
    burst: whole(env, 'nomos.rateLimit.burst'),
    maxWaitMs: whole(env, 'nomos.rateLimit.maxWaitMs'),
    store: storeName(env, 'nomos.rateLimit.store'),
    fleetSize: whole(env, 'nomos.rateLimit.fleetSize'),
  };
  return Object.values(given).every((value) => value === undefined) ? undefined : given;
}

/** `NOMOS_PORTAL_PERSON_RATE_LIMIT` (links per window per person; `0` turns the limit off) and its companions. */
function personRateLimitFromEnv(env: Env): PortalOptions['personRateLimit'] {
  const limit = whole(env, 'portal.personRateLimit.limit');
  if (limit === 0) return false;
  const given = {
    limit,
    ttlMs: whole(env, 'portal.personRateLimit.ttlMs'),
    storage: storeName(env, 'portal.personRateLimit.storage'),
  };
  return Object.values(given).every((value) => value === undefined) ? undefined : given;
}

/**
 * Reads the module options from `NOMOS_*` variables; unset variables keep the defaults, and the
 * module still validates the result at start-up.
 * @example NomosPortalModule.forRootAsync({ useFactory: () => nomosPortalOptionsFromEnv() })
 * @throws NomosPortalConfigError naming the option and its variable when a value cannot be read
 */
export function nomosPortalOptionsFromEnv(env: Env = process.env): NomosPortalModuleOptions {
  return {
    nomos: {
      baseUrl: text(env, 'nomos.baseUrl'),
      clientId: text(env, 'nomos.clientId') as string,
      clientSecret: text(env, 'nomos.clientSecret') as string,
      apiVersion: text(env, 'nomos.apiVersion'),
      timeoutMs: whole(env, 'nomos.timeoutMs'),
      mintDeadlineMs: whole(env, 'nomos.mintDeadlineMs'),
      maxRetries: whole(env, 'nomos.maxRetries'),
      rateLimit: nomosRateLimitFromEnv(env),
    },
    portal: {
      allowedLinkHosts: list(env, 'portal.allowedLinkHosts'),
      loginPath: text(env, 'portal.loginPath'),
      allowedOrigins: list(env, 'portal.allowedOrigins'),
      autoLinkByEmail: autoLinkFromEnv(env),
      requireAuthnContext: list(env, 'portal.requireAuthnContext'),
      maxAuthAgeMs: whole(env, 'portal.maxAuthAgeMs'),
      personRateLimit: personRateLimitFromEnv(env),
    },
  };
}

/**
 * Reads the SAML options from `SAML_*` variables (keys and certificates from files); unset
 * variables keep the defaults, and the module validates the result at start-up.
 * @throws NomosPortalConfigError naming the option and its variable when a value cannot be read
 */
export function samlOptionsFromEnv(env: Env = process.env): SamlOptions {
  const secret = list(env, 'saml.session.secret');
  return {
    idp: {
      metadataFile: text(env, 'saml.idp.metadataFile'),
      metadataUrl: text(env, 'saml.idp.metadataUrl'),
      metadataRefreshMs: whole(env, 'saml.idp.metadataRefreshMs'),
      metadataTimeoutMs: whole(env, 'saml.idp.metadataTimeoutMs'),
      metadataMaxBytes: whole(env, 'saml.idp.metadataMaxBytes'),
      metadataSigningCert: file(env, 'saml.idp.metadataSigningCert'),
      metadataCa: file(env, 'saml.idp.metadataCa'),
      metadataCacheFile: text(env, 'saml.idp.metadataCacheFile'),
      allowPrivateMetadataHosts: flag(env, 'saml.idp.allowPrivateMetadataHosts'),
      entityId: text(env, 'saml.idp.entityId'),
      ssoUrl: text(env, 'saml.idp.ssoUrl'),
      sloUrl: text(env, 'saml.idp.sloUrl'),
      certs: list(env, 'saml.idp.certs')?.map((name) => readFile(name, 'saml.idp.certs')),
      logoutIssuers: list(env, 'saml.idp.logoutIssuers'),
    },
    sp: {
      entityId: text(env, 'saml.sp.entityId') as string,
      baseUrl: text(env, 'saml.sp.baseUrl') as string,
      signingKey: file(env, 'saml.sp.signingKey'),
      signingCert: file(env, 'saml.sp.signingCert'),
      decryptionKey: file(env, 'saml.sp.decryptionKey'),
      decryptionCert: file(env, 'saml.sp.decryptionCert'),
    },
    idpPreset: text(env, 'saml.idpPreset') as SamlOptions['idpPreset'],
    attributes: {
      subject: text(env, 'saml.attributes.subject'),
      userId: text(env, 'saml.attributes.userId'),
      userName: text(env, 'saml.attributes.userName'),
      email: text(env, 'saml.attributes.email'),
      displayName: text(env, 'saml.attributes.displayName'),
      roles: text(env, 'saml.attributes.roles'),
      authnMethods: text(env, 'saml.attributes.authnMethods'),
    },
    portalRoles: list(env, 'saml.portalRoles'),
    adminRoles: list(env, 'saml.adminRoles'),
    nameIdFormat: text(env, 'saml.nameIdFormat'),
    acceptedClockSkewMs: whole(env, 'saml.acceptedClockSkewMs'),
    allowIdpInitiated: flag(env, 'saml.allowIdpInitiated'),
    wantAuthnResponseSigned: flag(env, 'saml.wantAuthnResponseSigned'),
    wantAssertionsSigned: flag(env, 'saml.wantAssertionsSigned'),
    maxResponseBytes: whole(env, 'saml.maxResponseBytes'),
    rateLimit: rateLimitFromEnv(env),
    maxPendingLogins: whole(env, 'saml.maxPendingLogins'),
    session: {
      secret: (secret?.length === 1 ? secret[0] : secret) as string | string[],
      secureCookie: flag(env, 'saml.session.secureCookie'),
      idleTimeoutMs: whole(env, 'saml.session.idleTimeoutMs'),
      absoluteTimeoutMs: whole(env, 'saml.session.absoluteTimeoutMs'),
      touchIntervalMs: whole(env, 'saml.session.touchIntervalMs'),
    },
  };
}

/** Every `NOMOS_*` variable {@link nomosPortalOptionsFromEnv} reads, sorted (taken from the reader itself). */
export function nomosPortalEnvNames(): string[] {
  return envNamesReadBy(nomosPortalOptionsFromEnv);
}

/** Every `SAML_*` variable {@link samlOptionsFromEnv} reads, sorted (taken from the reader itself). */
export function samlEnvNames(): string[] {
  return envNamesReadBy(samlOptionsFromEnv);
}
