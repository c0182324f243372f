import { NomosPortalConfigError } from '../errors/index.js';
import { isLoopbackHost } from '../common/loopback-host.js';

/** Settings of the Nomos HTTP client (`NomosApiClient`). */
export interface NomosApiOptions {
  /**
   * Origin (and optional path prefix) of the Nomos API. Must be https; plain http is accepted only
   * for loopback hosts so that tests can point at a local emulator.
   * @default 'https://api.nomos.energy'
   */
  baseUrl?: string;
  /** OAuth2 client id issued by Nomos. Required. */
  clientId: string;
  /** OAuth2 client secret issued by Nomos. Required; never logged or sent anywhere but the token endpoint. */
  clientSecret: string;
  /**
   * API version pinned on every request as `X-API-Version`.
   * @default '2026-05-27.curie'
   */
  apiVersion?: string;
  /**
   * Time limit of one HTTP attempt, in milliseconds: from the moment it is issued (waiting for a free
   * pooled connection included, since someone is waiting on it) until the whole body is read.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Time budget of one magic-link mint (`createMagicLink`), in milliseconds: every attempt, every
   * backoff or `Retry-After` wait and the wait for an access token count against it. Each attempt's
   * time limit shrinks to what is left; a `Retry-After` that would end after the deadline fails the
   * call at once with a `NomosRateLimitError` of code `RATE_LIMITED` instead of sleeping. A person is
   * waiting on the other end, so keep it below what a browser or proxy waits for (often 30–60 s).
   * @default 10000
   */
  mintDeadlineMs?: number;
  /**
   * Retries after the first attempt for 429, 5xx, network errors and timeouts (so `maxRetries + 1`
   * attempts at most). The one re-authentication retry after a 401 is not counted here.
   * @default 2
   */
  maxRetries?: number;
  /**
   * First backoff delay in milliseconds; doubles per retry, with jitter.
   * @default 250
   */
  retryBaseDelayMs?: number;
  /**
   * Largest backoff delay in milliseconds. A `Retry-After` header may ask for longer and is honoured
   * up to `RETRY_AFTER_CAP_MS` (30 s); beyond that the call fails at once with the rate-limit error.
   * @default 5000
   */
  retryMaxDelayMs?: number;
  /**
   * Refresh the access token this many seconds before it expires.
   * @default 60
   */
  tokenRefreshMarginSec?: number;
  /**
   * Size of the keep-alive connection pool to the Nomos API.
   * @default 16
   */
  connections?: number;
}

/** Options with every default applied, as `NomosApiClient` receives them. */
export type ResolvedNomosApiOptions = Required<NomosApiOptions>;

/** Default value of every optional setting of `NomosApiOptions`. */
export const NOMOS_API_DEFAULTS: Readonly<Omit<ResolvedNomosApiOptions, 'clientId' | 'clientSecret'>> =
  Object.freeze({
    baseUrl: 'https://api.nomos.energy',
    apiVersion: '2026-05-27.curie',
    timeoutMs: 5000,
    mintDeadlineMs: 10_000,
    maxRetries: 2,
    retryBaseDelayMs: 250,
    retryMaxDelayMs: 5000,
    tokenRefreshMarginSec: 60,
    connections: 16,
  });

const KNOWN_KEYS = new Set<string>(['clientId', 'clientSecret', ...Object.keys(NOMOS_API_DEFAULTS)]);
// Calendar date plus optional codename; also keeps CR/LF out of the header value.
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z][a-z0-9-]*)?$/;

/**
 * Validates Nomos client options and applies `NOMOS_API_DEFAULTS`. `undefined` values count as unset,
 * so options built from optional environment variables work unchanged.
 * @param o the options as the host app gave them
 * @param path prefix naming the options in error messages, e.g. `nomos` → `nomos.clientId is required`
 * @throws NomosPortalConfigError naming the first bad setting (values are never echoed: one may be a secret)
 */
export function resolveNomosApiOptions(
  o: Partial<NomosApiOptions> | undefined,
  path = 'nomos',
): ResolvedNomosApiOptions {
  if (o !== undefined && (o === null || typeof o !== 'object' || Array.isArray(o))) {
    throw new NomosPortalConfigError(`${path} must be an object with clientId and clientSecret`);
  }
  const given = (o ?? {}) as Record<string, unknown>;
  const fail = (key: string, problem: string): never => {
    throw new NomosPortalConfigError(`${path}.${key} ${problem}`);
  };
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.has(key)) fail(key, `is not a known option (expected one of ${[...KNOWN_KEYS].join(', ')})`);
  }
  const pick = <K extends keyof ResolvedNomosApiOptions>(key: K): unknown =>
    given[key] === undefined ? (NOMOS_API_DEFAULTS as Partial<ResolvedNomosApiOptions>)[key] : given[key];
  const text = (key: 'clientId' | 'clientSecret'): string => {
    const v = given[key];
    if (v === undefined || v === null || v === '') fail(key, 'is required');
    if (typeof v !== 'string' || v.trim() === '') fail(key, 'must be a non-empty string');
    return v as string;
  };
  const int = (key: keyof typeof NOMOS_API_DEFAULTS, min: number, max: number, what: string): number => {
    const v = pick(key);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(key, `must be ${what}`);
    return v as number;
  };

  const resolved: ResolvedNomosApiOptions = {
    clientId: text('clientId'),
    clientSecret: text('clientSecret'),
    baseUrl: checkBaseUrl(pick('baseUrl'), (problem) => fail('baseUrl', problem)),
    apiVersion: checkApiVersion(pick('apiVersion'), (problem) => fail('apiVersion', problem)),
    timeoutMs: int('timeoutMs', 1, 600_000, 'a positive integer (milliseconds, at most 600000)'),
    mintDeadlineMs: int('mintDeadlineMs', 1, 600_000, 'a positive integer (milliseconds, at most 600000)'),
    maxRetries: int('maxRetries', 0, 10, 'an integer from 0 to 10'),
    retryBaseDelayMs: int('retryBaseDelayMs', 1, 60_000, 'a positive integer (milliseconds, at most 60000)'),
    retryMaxDelayMs: int('retryMaxDelayMs', 1, 60_000, 'a positive integer (milliseconds, at most 60000)'),
    tokenRefreshMarginSec: int('tokenRefreshMarginSec', 0, 3600, 'an integer from 0 to 3600 (seconds)'),
    connections: int('connections', 1, 1024, 'a positive integer (at most 1024)'),
  };
  if (resolved.retryMaxDelayMs < resolved.retryBaseDelayMs) {
    fail('retryMaxDelayMs', `must not be smaller than ${path}.retryBaseDelayMs`);
  }
  return resolved;
}

function checkBaseUrl(v: unknown, fail: (problem: string) => never): string {
  const httpsOnly = 'must be an https URL (http is allowed only for loopback hosts such as 127.0.0.1)';
  if (typeof v !== 'string' || v.trim() === '') return fail(httpsOnly);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail(`${httpsOnly}; it is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return fail(httpsOnly);
  }
  if (url.username || url.password) return fail('must not contain credentials; use clientId and clientSecret');
  if (url.search || url.hash) return fail('must not contain a query string or fragment');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function checkApiVersion(v: unknown, fail: (problem: string) => never): string {
  if (typeof v !== 'string' || !API_VERSION.test(v)) {
    return fail(`must be a Nomos API version such as '${NOMOS_API_DEFAULTS.apiVersion}'`);
  }
  return v;
}
