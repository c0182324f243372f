import { OptionChecks } from '../common/option-checks.js';
import type { RateLimitStore, RedisEvalClient } from './rate-limit-store.js';

/**
 * Where the fleet-wide rate limiter keeps its state.
 * - `'memory'`: in this process only (one replica, or a limit per replica).
 * - `'database'`: a row in the host's PostgreSQL database (table `nomos_rate_limits`, created on first use),
 *   reserved with one atomic statement on the database's clock; every replica on that database shares it.
 * - `{ redis }`: a Lua script on a Redis the host connects (an ioredis client fits), on Redis's clock.
 * - any object implementing {@link RateLimitStore}.
 */
export type NomosRateLimitStoreOption = 'memory' | 'database' | { redis: RedisEvalClient } | RateLimitStore;

/** `nomos.rateLimit`: how fast the whole fleet may call Nomos (every call: token, mint, customers, subscriptions). */
export interface NomosRateLimitOptions {
  /**
   * Calls per second for the whole fleet (Nomos limits each API client, not each replica). Never more
   * than this many calls start in any 1-second window (plus `marginMs`).
   * @default 10
   */
  perSecond?: number;
  /**
   * How many calls may start back to back; at most `burst` calls in any `burst / perSecond` seconds.
   * `1` spaces every call evenly; `perSecond` lets a whole second's calls go at once.
   * @default the `perSecond` value
   */
  burst?: number;
  /**
   * Longest wait for a free slot, in milliseconds. A call that would wait longer takes no slot and
   * fails at once with `NomosBusyError` (code `BUSY`, `retryAfterMs`): the queue is bounded by time.
   * @default 2000
   */
  maxWaitMs?: number;
  /**
   * Most calls of this process waiting for a slot (or for the store's answer) at once; one more fails
   * with `NomosBusyError` without touching the store.
   * @default 200
   */
  maxWaiters?: number;
  /**
   * Added to every window, so that a call delayed on its way (network, a busy event loop) cannot land
   * in the same Nomos window as a call one full window later. Also the most a call may be written
   * after its slot (decided as undici writes it, after any wait for a free connection): one that
   * would leave later is not sent, gives the slot up and reserves another (at least 10).
   * @default 50
   */
  marginMs?: number;
  /** @default 'memory' */
  store?: NomosRateLimitStoreOption;
  /**
   * How many replicas share the limit, for while a shared `store` fails: each then paces on its own
   * at `perSecond / fleetSize` rounded down (and `burst / fleetSize`, at least 1), so the fleet stays
   * under the limit; at most `perSecond`. Without it, calls fail with `NomosBusyError` until the
   * store answers again (the fleet can only be kept under the limit by calling nothing). Ignored
   * with the `'memory'` store.
   */
  fleetSize?: number;
  /**
   * Name of the shared limit in the store.
   * @default `nomos:` + a hash of the base URL and client id (one limit per Nomos API client)
   */
  key?: string;
}

/** `nomos.rateLimit` with every default applied. */
export interface ResolvedNomosRateLimit {
  perSecond: number;
  burst: number;
  maxWaitMs: number;
  maxWaiters: number;
  marginMs: number;
  store: NomosRateLimitStoreOption;
  fleetSize?: number;
  key?: string;
}

/**
 * `nomos.circuitBreaker`, one per replica: after `failureThreshold` failures in a row (5xx, timeouts,
 * connection errors; 4xx and 429 do not count) calls fail at once with `NomosCircuitOpenError`
 * for `coolDownMs`; then one probe call goes through, and its outcome closes or reopens the circuit.
 */
export interface NomosCircuitBreakerOptions {
  /** @default 5 */
  failureThreshold?: number;
  /** @default 10000 */
  coolDownMs?: number;
}

/** `nomos.circuitBreaker` with every default applied. */
export type ResolvedNomosCircuitBreaker = Required<NomosCircuitBreakerOptions>;

/** Defaults of `nomos.rateLimit` (`burst` defaults to `perSecond`). */
export const RATE_LIMIT_DEFAULTS: Readonly<ResolvedNomosRateLimit> = Object.freeze({
  perSecond: 10,
  burst: 10,
  maxWaitMs: 2000,
  maxWaiters: 200,
  marginMs: 50,
  store: 'memory',
});

/** Defaults of `nomos.circuitBreaker`. */
export const CIRCUIT_BREAKER_DEFAULTS: Readonly<ResolvedNomosCircuitBreaker> = Object.freeze({
  failureThreshold: 5,
  coolDownMs: 10_000,
});

const RATE_KEYS = ['perSecond', 'burst', 'maxWaitMs', 'maxWaiters', 'marginMs', 'store', 'fleetSize', 'key'];
const BREAKER_KEYS = Object.keys(CIRCUIT_BREAKER_DEFAULTS);

function section(value: unknown, checks: OptionChecks, known: string[]): Record<string, unknown> | undefined {
  if (value === undefined) return {};
  if (value === false) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    checks.failSection('must be an object or false');
  }
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) checks.fail(key, `is not a known option (expected one of ${known.join(', ')})`);
  }
  return given;
}

/**
 * Validates `nomos.rateLimit`; `false` turns pacing off (for tests against an emulator without a limit).
 * @throws NomosPortalConfigError naming the bad setting
 */
export function resolveRateLimit(value: unknown, path: string): ResolvedNomosRateLimit | false {
  const checks = new OptionChecks(path);
  const given = section(value, checks, RATE_KEYS);
  if (given === undefined) return false;
  const int = (key: keyof ResolvedNomosRateLimit, min: number, max: number, fallback: number): number =>
    given[key] === undefined ? fallback : checks.integer(given[key], key, min, max);
  const perSecond = int('perSecond', 1, 10_000, RATE_LIMIT_DEFAULTS.perSecond);
  const resolved: ResolvedNomosRateLimit = {
    perSecond,
    burst: int('burst', 1, perSecond, perSecond),
    maxWaitMs: int('maxWaitMs', 0, 60_000, RATE_LIMIT_DEFAULTS.maxWaitMs),
    maxWaiters: int('maxWaiters', 1, 100_000, RATE_LIMIT_DEFAULTS.maxWaiters),
    marginMs: int('marginMs', 10, 1000, RATE_LIMIT_DEFAULTS.marginMs),
    store: checkStore(given.store, checks),
  };
  // Each replica's share must be a whole call per second at least, or the fleet's sum could exceed the limit.
  if (given.fleetSize !== undefined) resolved.fleetSize = checks.integer(given.fleetSize, 'fleetSize', 1, perSecond);
  if (given.key !== undefined) {
    const key = given.key;
    resolved.key =
      typeof key === 'string' && /^[\w:.-]{1,128}$/.test(key)
        ? key
        : checks.fail('key', 'must be 1 to 128 letters, digits, `_`, `:`, `.` or `-`');
  }
  return resolved;
}

function checkStore(store: unknown, checks: OptionChecks): NomosRateLimitStoreOption {
  if (store === undefined) return RATE_LIMIT_DEFAULTS.store;
  if (store === 'memory' || store === 'database') return store;
  if (typeof store === 'object' && store !== null) {
    const candidate = store as Partial<RateLimitStore> & { redis?: Partial<RedisEvalClient> };
    if (typeof candidate.reserve === 'function' && typeof candidate.holdOff === 'function') {
      return store as RateLimitStore;
    }
    if (typeof candidate.redis?.eval === 'function') return store as { redis: RedisEvalClient };
  }
  return checks.fail('store', "must be 'memory', 'database', { redis: client with eval() } or a RateLimitStore");
}

/**
 * Validates `nomos.circuitBreaker`; `false` turns the breaker off.
 * @throws NomosPortalConfigError naming the bad setting
 */
export function resolveCircuitBreaker(value: unknown, path: string): ResolvedNomosCircuitBreaker | false {
  const checks = new OptionChecks(path);
  const given = section(value, checks, BREAKER_KEYS);
  if (given === undefined) return false;
  return {
    failureThreshold:
      given.failureThreshold === undefined
        ? CIRCUIT_BREAKER_DEFAULTS.failureThreshold
        : checks.integer(given.failureThreshold, 'failureThreshold', 1, 1000),
    coolDownMs:
      given.coolDownMs === undefined
        ? CIRCUIT_BREAKER_DEFAULTS.coolDownMs
        : checks.integer(given.coolDownMs, 'coolDownMs', 1, 600_000),
  };
}
