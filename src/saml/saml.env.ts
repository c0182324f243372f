import { readFileSync } from 'node:fs';
import { envNamesReadBy } from '../env-names.js';
import { NomosPortalConfigError } from '../errors/index.js';
import type { SamlOptions } from './saml.options.js';

type Env = Record<string, string | undefined>;

const get = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
};
const list = (env: Env, name: string) => get(env, name)?.split(',').map((v) => v.trim()).filter(Boolean);
const file = (env: Env, name: string) => {
  const path = get(env, name);
  return path === undefined ? undefined : readNamed(path, name);
};
const readNamed = (path: string, name: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new NomosPortalConfigError(`${name} names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
};
const whole = (env: Env, name: string) => {
  const value = get(env, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new NomosPortalConfigError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
};
const flag = (env: Env, name: string) => {
  const value = get(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (!['true', 'false'].includes(value)) throw new NomosPortalConfigError(`${name} must be true or false`);
  return value === 'true';
};

/** Every `SAML_*` variable {@link samlOptionsFromEnv} reads, sorted (taken from the reader itself). */
export function samlEnvNames(): string[] {
  return envNamesReadBy(samlOptionsFromEnv);
}

/**
 * Reads the SAML options from `SAML_*` variables (keys and certificates from files); unset
 * variables keep the defaults, and the module validates the result at start-up.
 * @throws NomosPortalConfigError naming the variable when a value cannot be read
 */
export function samlOptionsFromEnv(env: Env = process.env): SamlOptions {
  const certFiles = list(env, 'SAML_IDP_CERT_FILES');
  const secret = list(env, 'SAML_SESSION_SECRET');
  return {
    idp: {
      metadataFile: get(env, 'SAML_IDP_METADATA_FILE'),
      entityId: get(env, 'SAML_IDP_ENTITY_ID'),
      ssoUrl: get(env, 'SAML_IDP_SSO_URL'),
      sloUrl: get(env, 'SAML_IDP_SLO_URL'),
      certs: certFiles?.map((path) => readNamed(path, 'SAML_IDP_CERT_FILES')),
    },
    sp: {
      entityId: get(env, 'SAML_SP_ENTITY_ID') as string,
      baseUrl: get(env, 'SAML_SP_BASE_URL') as string,
      signingKey: file(env, 'SAML_SP_SIGNING_KEY_FILE'),
      signingCert: file(env, 'SAML_SP_SIGNING_CERT_FILE'),
      decryptionKey: file(env, 'SAML_SP_DECRYPTION_KEY_FILE'),
      decryptionCert: file(env, 'SAML_SP_DECRYPTION_CERT_FILE'),
    },
    attributes: {
      userId: get(env, 'SAML_ATTR_USER_ID'),
      email: get(env, 'SAML_ATTR_EMAIL'),
      displayName: get(env, 'SAML_ATTR_DISPLAY_NAME'),
      roles: get(env, 'SAML_ATTR_ROLES'),
    },
    portalRoles: list(env, 'SAML_PORTAL_ROLES'),
    adminRoles: list(env, 'SAML_ADMIN_ROLES'),
    nameIdFormat: get(env, 'SAML_NAMEID_FORMAT'),
    acceptedClockSkewMs: whole(env, 'SAML_CLOCK_SKEW_MS'),
    allowIdpInitiated: flag(env, 'SAML_ALLOW_IDP_INITIATED'),
    wantAuthnResponseSigned: flag(env, 'SAML_WANT_RESPONSE_SIGNED'),
    wantAssertionsSigned: flag(env, 'SAML_WANT_ASSERTIONS_SIGNED'),
    maxResponseBytes: whole(env, 'SAML_MAX_RESPONSE_BYTES'),
    rateLimit: rateLimitFromEnv(env),
    maxPendingLogins: whole(env, 'SAML_MAX_PENDING_LOGINS'),
    session: {
      secret: (secret?.length === 1 ? secret[0] : secret) as string | string[],
      secureCookie: flag(env, 'SAML_SESSION_SECURE_COOKIE'),
      idleTimeoutMs: whole(env, 'SAML_SESSION_IDLE_TIMEOUT_MS'),
      absoluteTimeoutMs: whole(env, 'SAML_SESSION_ABSOLUTE_TIMEOUT_MS'),
      touchIntervalMs: whole(env, 'SAML_SESSION_TOUCH_INTERVAL_MS'),
    },
  };
}

/** `SAML_RATE_LIMIT` (requests per window per IP and route; `0` turns the limits off) and `SAML_RATE_LIMIT_WINDOW_MS`. */
function rateLimitFromEnv(env: Env): SamlOptions['rateLimit'] {
  const limit = whole(env, 'SAML_RATE_LIMIT');
  const ttlMs = whole(env, 'SAML_RATE_LIMIT_WINDOW_MS');
  if (limit === 0) return false;
  return limit === undefined && ttlMs === undefined ? undefined : { limit, ttlMs };
}
