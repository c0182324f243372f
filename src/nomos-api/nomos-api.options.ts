import { OptionChecks, optionError } from '../common/option-checks.js';
import { checkApiVersion, checkBaseUrl } from './nomos-api-option-checks.js';
import type {
  NomosCircuitBreakerOptions,
  NomosRateLimitOptions,
  ResolvedNomosCircuitBreaker,
  ResolvedNomosRateLimit,
} from './pacing.options.js';
import {
  CIRCUIT_BREAKER_DEFAULTS,
  RATE_LIMIT_DEFAULTS,
  resolveCircuitBreaker,
  resolveRateLimit,
} from './pacing.options.js';

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
  /**
   * Fleet-wide pacing of every Nomos call (see {@link NomosRateLimitOptions}); `false` turns it off.
   * @default { perSecond: 10, burst: 10, maxWaitMs: 2000, maxWaiters: 200, marginMs: 50, store: 'memory' }
   */
  rateLimit?: NomosRateLimitOptions | false;
  /**
   * This replica's circuit breaker (see {@link NomosCircuitBreakerOptions}); `false` turns it off.
   * @default { failureThreshold: 5, coolDownMs: 10000 }
   */
  circuitBreaker?: NomosCircuitBreakerOptions | false;
}

/** Options with every default applied, as `NomosApiClient` receives them. */
export type ResolvedNomosApiOptions = Required<Omit<NomosApiOptions, 'rateLimit' | 'circuitBreaker'>> & {
  rateLimit: ResolvedNomosRateLimit | false;
  circuitBreaker: ResolvedNomosCircuitBreaker | false;
};

/** Default value of every optional setting of `NomosApiOptions`. */
export const NOMOS_API_DEFAULTS: Readonly<Omit<ResolvedNomosApiOptions, 'clientId' | 'clientSecret'>> = Object.freeze({
  baseUrl: 'https://api.nomos.energy',
  apiVersion: '2026-05-27.curie',
  timeoutMs: 5000,
  mintDeadlineMs: 10_000,
  maxRetries: 2,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 5000,
  tokenRefreshMarginSec: 60,
  connections: 16,
  rateLimit: RATE_LIMIT_DEFAULTS,
  circuitBreaker: CIRCUIT_BREAKER_DEFAULTS,
});

/** Injection token of the {@link ResolvedNomosApiOptions} the module hands to `NomosApiClient`. */
export const NOMOS_API_OPTIONS = Symbol('NOMOS_API_OPTIONS');

const KNOWN_KEYS = new Set<string>(['clientId', 'clientSecret', ...Object.keys(NOMOS_API_DEFAULTS)]);

/**
 * Validates Nomos client options and applies `NOMOS_API_DEFAULTS`. `undefined` values count as unset,
 * so options built from optional environment variables work unchanged.
 * @param o the options as the host app gave them
 * @param path prefix naming the options in error messages, e.g. `nomos` →
 *   `nomos.clientId (NOMOS_CLIENT_ID) is required`
 * @throws NomosPortalConfigError naming the first bad setting (values are never echoed: one may be a secret)
 */
export function resolveNomosApiOptions(
  o: Partial<NomosApiOptions> | undefined,
  path = 'nomos',
): ResolvedNomosApiOptions {
  if (o !== undefined && (o === null || typeof o !== 'object' || Array.isArray(o))) {
    throw optionError(path, 'must be an object with clientId and clientSecret');
  }
  const checks = new OptionChecks(path);
  const given = (o ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.has(key)) checks.fail(key, `is not a known option (expected one of ${[...KNOWN_KEYS].join(', ')})`);
  }
  const pick = (key: keyof typeof NOMOS_API_DEFAULTS): unknown =>
    given[key] === undefined ? NOMOS_API_DEFAULTS[key] : given[key];
  const credential = (key: 'clientId' | 'clientSecret'): string => {
    const v = given[key];
    if (v === undefined || v === null || v === '') checks.fail(key, 'is required');
    if (typeof v !== 'string' || v.trim() === '') checks.fail(key, 'must be a non-empty string');
    return v as string;
  };
  const ms = (key: keyof typeof NOMOS_API_DEFAULTS, max: number): number =>
    checks.integer(pick(key), key, 1, max, `a positive integer (milliseconds, at most ${max})`);

  const resolved: ResolvedNomosApiOptions = {
    clientId: credential('clientId'),
    clientSecret: credential('clientSecret'),
    baseUrl: checkBaseUrl(pick('baseUrl'), (problem) => checks.fail('baseUrl', problem)),
    apiVersion: checkApiVersion(pick('apiVersion'), NOMOS_API_DEFAULTS.apiVersion, (problem) =>
      checks.fail('apiVersion', problem),
    ),
    timeoutMs: ms('timeoutMs', 600_000),
    mintDeadlineMs: ms('mintDeadlineMs', 600_000),
    maxRetries: checks.integer(pick('maxRetries'), 'maxRetries', 0, 10, 'an integer from 0 to 10'),
    retryBaseDelayMs: ms('retryBaseDelayMs', 60_000),
    retryMaxDelayMs: ms('retryMaxDelayMs', 60_000),
    tokenRefreshMarginSec: checks.integer(
      pick('tokenRefreshMarginSec'),
      'tokenRefreshMarginSec',
      0,
      3600,
      'an integer from 0 to 3600 (seconds)',
    ),
    connections: checks.integer(pick('connections'), 'connections', 1, 1024, 'a positive integer (at most 1024)'),
    rateLimit: resolveRateLimit(given.rateLimit, checks.path('rateLimit')),
    circuitBreaker: resolveCircuitBreaker(given.circuitBreaker, checks.path('circuitBreaker')),
  };
  if (resolved.retryMaxDelayMs < resolved.retryBaseDelayMs) {
    checks.fail('retryMaxDelayMs', `must not be smaller than ${checks.path('retryBaseDelayMs')}`);
  }
  return resolved;
}
