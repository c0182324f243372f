import { randomBytes } from 'node:crypto';
import { ExampleConfigError } from './config-error.js';
import { databaseFromUrl, type ExampleDatabase } from './database-options.js';
import { checkEnvNames, EXAMPLE_NOMOS_ENV } from './env-names-check.js';

/** Environment variables, as in `process.env`. */
export type ExampleEnv = Record<string, string | undefined>;

/** Everything the example decides from the environment before anything starts. */
export interface ExampleConfig {
  /** `NODE_ENV=production`: no development IdP, no emulator, no generated secrets. */
  production: boolean;
  /** `PORT`. @default 3000 */
  port: number;
  /** `HOST`, the address to listen on. @default '127.0.0.1' (the demo signs anyone in: not on the LAN) */
  host: string;
  /** `PUBLIC_BASE_URL`, the origin browsers use, without a trailing slash. @default `http://localhost:<port>` */
  publicBaseUrl: string;
  /** `DATABASE_URL`. @default SQLite `data/example.sqlite` */
  database: ExampleDatabase;
  /**
   * Serve the development IdP under `/dev-idp`: when neither `SAML_IDP_METADATA_FILE` nor `SAML_IDP_SSO_URL`
   * is set.
   */
  devIdp: boolean;
  /** Start the Nomos emulator (when `NOMOS_CLIENT_ID` is not set), on these ports (0 picks free ones). */
  emulator?: { apiPort: number; portalPort: number };
  /** `SAML_SESSION_SECRET`, or a random one per start in development (`generated: true`). */
  sessionSecret: { value: string | string[]; generated: boolean };
  /** `SAML_ADMIN_ROLES`. @default ['portal-admins'] */
  adminRoles: string[];
  /** `EXAMPLE_CUSTOMER_LINKS` (`userId=cus_…` pairs, comma-separated), linked at every start. @default [] */
  customerLinks: Array<{ userId: string; customerId: string }>;
  /** `EXAMPLE_AUDIT_PAGE_SIZE`, rows per page of `/audit`. @default 20 */
  auditPageSize: number;
  /** `TRUST_PROXY`, Express' `trust proxy` (hops in front of the app). @default undefined (off) */
  trustProxy?: number;
  /** The environment itself, for the package's `…FromEnv()` readers. */
  env: ExampleEnv;
}

const value = (env: ExampleEnv, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === '' ? undefined : v;
};

function port(env: ExampleEnv, name: string, fallback: number, min = 0): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > 65535)
    throw new ExampleConfigError(`${name} must be a port number from ${min} to 65535`);
  return n;
}

function pageSize(env: ExampleEnv): number {
  const raw = value(env, 'EXAMPLE_AUDIT_PAGE_SIZE') ?? '20';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 500)
    throw new ExampleConfigError('EXAMPLE_AUDIT_PAGE_SIZE must be a whole number from 1 to 500');
  return Number(raw);
}

function pairs(env: ExampleEnv, name: string): ExampleConfig['customerLinks'] {
  const raw = value(env, name);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      if (at < 1 || at === pair.length - 1)
        throw new ExampleConfigError(`${name} must list userId=customerId pairs separated by commas`);
      return { userId: pair.slice(0, at).trim(), customerId: pair.slice(at + 1).trim() };
    });
}

/**
 * Reads the example's configuration. Refuses an unknown `SAML_*` / `NOMOS_*` variable (see
 * {@link checkEnvNames}), and production without a real IdP, real Nomos credentials and a session
 * secret, naming every variable to set in one message.
 * @throws ExampleConfigError
 */
export function resolveExampleConfig(env: ExampleEnv): ExampleConfig {
  checkEnvNames(env);
  const production = value(env, 'NODE_ENV') === 'production';
  const realIdp = ['SAML_IDP_METADATA_FILE', 'SAML_IDP_METADATA_URL', 'SAML_IDP_SSO_URL'].some(
    (name) => value(env, name) !== undefined,
  );
  const realNomos = value(env, 'NOMOS_CLIENT_ID') !== undefined;
  const secret = value(env, 'SAML_SESSION_SECRET');
  if (production) {
    const missing = [
      realIdp
        ? undefined
        : 'a real identity provider: SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE (or SAML_IDP_SSO_URL, ' +
          'SAML_IDP_ENTITY_ID and SAML_IDP_CERT_FILES) — the development IdP never runs in production',
      realNomos
        ? undefined
        : 'the Nomos API credentials: NOMOS_CLIENT_ID and NOMOS_CLIENT_SECRET — ' +
          'the Nomos emulator never runs in production',
      secret ? undefined : 'SAML_SESSION_SECRET (at least 32 random characters)',
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      throw new ExampleConfigError(
        `Refusing to start with NODE_ENV=production. Set ${missing.join('; and ')}. See .env.example.`,
      );
    }
  }
  // Not 0: the SAML URLs (ACS, logout) must name the port before the app listens.
  const listenPort = port(env, 'PORT', 3000, 1);
  const publicBaseUrl = (value(env, 'PUBLIC_BASE_URL') ?? `http://localhost:${listenPort}`).replace(/\/+$/, '');
  const proxyHops = value(env, 'TRUST_PROXY');
  if (proxyHops !== undefined && !/^\d+$/.test(proxyHops))
    throw new ExampleConfigError('TRUST_PROXY must be the number of proxies in front of the app');
  return {
    production,
    port: listenPort,
    host: value(env, 'HOST') ?? '127.0.0.1',
    publicBaseUrl,
    database: databaseFromUrl(value(env, 'DATABASE_URL')),
    devIdp: !realIdp,
    emulator: realNomos
      ? undefined
      : {
          apiPort: port(env, EXAMPLE_NOMOS_ENV.emulatorPort, 3001),
          portalPort: port(env, EXAMPLE_NOMOS_ENV.emulatorPortalPort, 3443),
        },
    sessionSecret: secret
      ? { value: secret.includes(',') ? secret.split(',').map((s) => s.trim()) : secret, generated: false }
      : { value: randomBytes(32).toString('hex'), generated: true },
    adminRoles: value(env, 'SAML_ADMIN_ROLES')
      ?.split(',')
      .map((r) => r.trim())
      .filter(Boolean) ?? ['portal-admins'],
    customerLinks: pairs(env, 'EXAMPLE_CUSTOMER_LINKS'),
    auditPageSize: pageSize(env),
    trustProxy: proxyHops === undefined ? undefined : Number(proxyHops),
    env,
  };
}
