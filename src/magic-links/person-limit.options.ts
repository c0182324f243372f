// Types only: @nestjs/throttler 6 is CommonJS and `require`s the ESM-only @nestjs/common 12, which
// Jest's module runtime cannot load; its storage contract is what the limit counts in.
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { OptionChecks } from '../common/option-checks.js';
import type { PersonLimitRedisClient } from './person-limit.redis-storage.js';

/**
 * Where the per-person counts live. Replicas share a limit only when they share the store:
 * - `'memory'`: this process (one replica, or a limit per replica);
 * - `'database'`: the module's DataSource (SQLite or PostgreSQL), table `nomos_person_limits`;
 * - `{ redis }`: an ioredis client (or anything with its `eval`) the host created;
 * - any other `@nestjs/throttler` `ThrottlerStorage`.
 */
export type PersonRateLimitStorage = 'memory' | 'database' | { redis: PersonLimitRedisClient } | ThrottlerStorage;

/** `portal.personRateLimit`: how many links one person (IdP issuer + subject) may ask for. */
export interface PersonRateLimitOptions {
  /** Links one person may ask for per window, on every channel together (1 to 10000). @default 10 */
  limit?: number;
  /**
   * The window, in ms (1000 to 86400000). Once over the limit, the person waits this long again.
   * @default 60000
   */
  ttlMs?: number;
  /** @default 'memory' */
  storage?: PersonRateLimitStorage;
}

/** {@link PersonRateLimitOptions} after defaults and validation; `false` when turned off. */
export type ResolvedPersonRateLimitOptions = { limit: number; ttlMs: number; storage: PersonRateLimitStorage } | false;

/** Defaults of `portal.personRateLimit`. */
export const PERSON_RATE_LIMIT_DEFAULTS = Object.freeze({ limit: 10, ttlMs: 60_000, storage: 'memory' as const });

/**
 * Applies defaults to and validates `portal.personRateLimit` (`false` turns the limit off).
 * @throws NomosPortalConfigError naming the bad setting
 */
export function resolvePersonRateLimit(raw: unknown, checks: OptionChecks): ResolvedPersonRateLimitOptions {
  if (raw === false) return false;
  if (raw === undefined) return { ...PERSON_RATE_LIMIT_DEFAULTS };
  if (typeof raw !== 'object' || raw === null) checks.fail('personRateLimit', 'must be an object or false');
  const section = checks.nested('personRateLimit');
  const { limit, ttlMs, storage } = raw as PersonRateLimitOptions;
  return {
    limit: limit === undefined ? PERSON_RATE_LIMIT_DEFAULTS.limit : section.positive(limit, 'limit', 10_000),
    ttlMs:
      ttlMs === undefined
        ? PERSON_RATE_LIMIT_DEFAULTS.ttlMs
        : section.integer(ttlMs, 'ttlMs', 1000, 86_400_000, 'a whole number of ms from 1000 to 86400000'),
    storage: storageOf(storage, section),
  };
}

function storageOf(raw: unknown, checks: OptionChecks): PersonRateLimitStorage {
  if (raw === undefined) return PERSON_RATE_LIMIT_DEFAULTS.storage;
  if (raw === 'memory' || raw === 'database') return raw;
  if (typeof raw === 'object' && raw !== null) {
    const { redis, increment } = raw as { redis?: { eval?: unknown }; increment?: unknown };
    if (typeof redis?.eval === 'function') return raw as PersonRateLimitStorage;
    if (redis === undefined && typeof increment === 'function') return raw as ThrottlerStorage;
  }
  return checks.fail(
    'storage',
    "must be 'memory', 'database', { redis: <an ioredis client> } or a @nestjs/throttler ThrottlerStorage",
  );
}
