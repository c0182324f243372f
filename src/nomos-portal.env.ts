import { envNamesReadBy } from './env-names.js';
import { NomosPortalConfigError } from './errors/index.js';
import type { NomosPortalModuleOptions } from './nomos-portal.options.js';

type Env = Record<string, string | undefined>;

/** Environment variable of each option, as documented in the README's options table. */
export const NOMOS_PORTAL_ENV = {
  baseUrl: 'NOMOS_BASE_URL',
  clientId: 'NOMOS_CLIENT_ID',
  clientSecret: 'NOMOS_CLIENT_SECRET',
  apiVersion: 'NOMOS_API_VERSION',
  timeoutMs: 'NOMOS_TIMEOUT_MS',
  mintDeadlineMs: 'NOMOS_MINT_DEADLINE_MS',
  maxRetries: 'NOMOS_MAX_RETRIES',
  allowedLinkHosts: 'NOMOS_PORTAL_HOSTS',
  loginPath: 'NOMOS_PORTAL_LOGIN_PATH',
  allowedOrigins: 'NOMOS_PORTAL_ALLOWED_ORIGINS',
  autoLinkByEmail: 'NOMOS_PORTAL_AUTO_LINK_BY_EMAIL',
  autoLinkDomains: 'NOMOS_PORTAL_AUTO_LINK_DOMAINS',
} as const;

function whole(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new NomosPortalConfigError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function flag(env: Env, name: string): boolean | undefined {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw new NomosPortalConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  return raw === 'true';
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === '' ? undefined : raw;
}

/** `NOMOS_PORTAL_AUTO_LINK_DOMAINS` (comma-separated) turns auto-link on for those domains only. */
function autoLinkFromEnv(env: Env): NonNullable<NomosPortalModuleOptions['portal']>['autoLinkByEmail'] {
  const enabled = flag(env, NOMOS_PORTAL_ENV.autoLinkByEmail);
  const domains = text(env, NOMOS_PORTAL_ENV.autoLinkDomains)?.split(',').map((domain) => domain.trim()).filter(Boolean);
  if (domains === undefined) return enabled;
  if (enabled === false) {
    throw new NomosPortalConfigError(
      `${NOMOS_PORTAL_ENV.autoLinkDomains} is set but ${NOMOS_PORTAL_ENV.autoLinkByEmail}=false: unset one of them`,
    );
  }
  return { domains };
}

/** Every `NOMOS_*` variable {@link nomosPortalOptionsFromEnv} reads, sorted (taken from the reader itself). */
export function nomosPortalEnvNames(): string[] {
  return [...new Set([...envNamesReadBy(nomosPortalOptionsFromEnv), ...Object.values(NOMOS_PORTAL_ENV)])].sort();
}

/**
 * Reads the module options from `NOMOS_*` variables; unset variables keep the defaults, and the
 * module still validates the result at start-up.
 * @example NomosPortalModule.forRootAsync({ useFactory: () => nomosPortalOptionsFromEnv() })
 * @throws NomosPortalConfigError when a numeric variable is not a number.
 */
export function nomosPortalOptionsFromEnv(env: Env = process.env): NomosPortalModuleOptions {
  const hosts = text(env, NOMOS_PORTAL_ENV.allowedLinkHosts);
  return {
    nomos: {
      baseUrl: text(env, NOMOS_PORTAL_ENV.baseUrl),
      clientId: text(env, NOMOS_PORTAL_ENV.clientId) as string,
      clientSecret: text(env, NOMOS_PORTAL_ENV.clientSecret) as string,
      apiVersion: text(env, NOMOS_PORTAL_ENV.apiVersion),
      timeoutMs: whole(env, NOMOS_PORTAL_ENV.timeoutMs),
      mintDeadlineMs: whole(env, NOMOS_PORTAL_ENV.mintDeadlineMs),
      maxRetries: whole(env, NOMOS_PORTAL_ENV.maxRetries),
    },
    portal: {
      allowedLinkHosts: hosts?.split(',').map((host) => host.trim()).filter(Boolean),
      loginPath: text(env, NOMOS_PORTAL_ENV.loginPath),
      allowedOrigins: text(env, NOMOS_PORTAL_ENV.allowedOrigins)?.split(',').map((origin) => origin.trim()).filter(Boolean),
      autoLinkByEmail: autoLinkFromEnv(env),
    },
  };
}
