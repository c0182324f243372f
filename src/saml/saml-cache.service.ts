import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import { LessThanOrEqual, QueryFailedError, Repository } from 'typeorm';
import type { FindOptionsWhere, QueryDeepPartialEntity } from 'typeorm';
import { SamlAssertionEntry } from './saml-assertion.entity.js';
import { SamlRequestEntry } from './saml-request.entity.js';

/** Injection token of the {@link SamlCacheOptions} given to {@link SamlCacheService}. */
export const SAML_CACHE_OPTIONS = Symbol('SAML_CACHE_OPTIONS');

/** Lifetimes of the shared SAML caches; every field is optional. */
export interface SamlCacheOptions {
  /** How long a request id stays acceptable as `InResponseTo` (node-saml's `requestIdExpirationPeriodMs`). @default 600000 (10 min) */
  requestTtlMs?: number;
  /** How long a used assertion id is remembered when the assertion has no `NotOnOrAfter`. @default 3600000 (1 h) */
  assertionMaxTtlMs?: number;
  /** Kept past `NotOnOrAfter`; must be at least the strategy's `acceptedClockSkewMs`. @default 300000 (5 min) */
  assertionExpiryMarginMs?: number;
  /** Least time between two opportunistic purges by one process; 0 purges on every write. @default 60000 */
  purgeIntervalMs?: number;
  /** Clock in epoch ms; replicas are assumed to agree within the margin above (NTP). @default Date.now */
  now?: () => number;
}

/** Values used for fields of {@link SamlCacheOptions} left out. */
export const SAML_CACHE_DEFAULTS: Readonly<Required<SamlCacheOptions>> = Object.freeze({
  requestTtlMs: 10 * 60_000,
  assertionMaxTtlMs: 60 * 60_000,
  assertionExpiryMarginMs: 5 * 60_000,
  purgeIntervalMs: 60_000,
  now: Date.now,
});

// Longest assertion id stored verbatim; longer ones are hashed so the key fits varchar(255).
const MAX_VERBATIM_ID = 255 - 65;

/**
 * The SAML state every replica must share, in the database: node-saml's `InResponseTo` cache
 * (pass the service itself as `cacheProvider`) and the assertion replay cache. Nothing in process
 * memory is needed to finish a login or refuse a replay; the purge timestamp is only housekeeping.
 */
@Injectable()
export class SamlCacheService implements CacheProvider {
  private readonly options: Required<SamlCacheOptions>;
  private readonly logger = new Logger(SamlCacheService.name);
  private lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(
    @InjectRepository(SamlRequestEntry) private readonly requests: Repository<SamlRequestEntry>,
    @InjectRepository(SamlAssertionEntry) private readonly assertions: Repository<SamlAssertionEntry>,
    @Optional() @Inject(SAML_CACHE_OPTIONS) options: SamlCacheOptions | null = null,
  ) {
    this.options = resolveSamlCacheOptions(options ?? {});
  }

  /** node-saml: remembers a new request id; `null` when an unexpired entry already holds `key`. */
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = await this.tick();
    const row = { key, value, expiresAt: now + this.options.requestTtlMs };
    return (await this.claim(this.requests, row, { key }, now)) ? { value, createdAt: now } : null;
  }

  /** node-saml: the value saved under `key`, or `null` when absent or expired. Always a fresh read. */
  async getAsync(key: string): Promise<string | null> {
    if (!fitsKey(key)) return null;
    const now = this.options.now();
    const row = await this.requests.findOneBy({ key });
    if (!row) return null;
    if (row.expiresAt > now) return row.value;
    // Conditional, so that a replica which just re-saved the key keeps its fresh entry.
    await this.requests.delete({ key, expiresAt: LessThanOrEqual(now) });
    return null;
  }

  /** node-saml: forgets `key`; returns it when an entry was removed, else `null`. */
  async removeAsync(key: string | null): Promise<string | null> {
    if (key == null || !fitsKey(key)) return null;
    const { affected } = await this.requests.delete({ key });
    return affected ? key : null;
  }

  /**
   * Records that the assertion `assertionId` from IdP `issuer` was consumed. Atomic across replicas:
   * of any number of concurrent calls for one assertion, exactly one returns `true`.
   * @param notOnOrAfter the latest `NotOnOrAfter` of the assertion (conditions or subject confirmation)
   * @returns `true` the first time, `false` for a replay (the id is known and not yet expired)
   */
  async markAssertionUsed(issuer: string, assertionId: string, notOnOrAfter: Date | undefined): Promise<boolean> {
    if (typeof assertionId !== 'string' || assertionId === '') throw new TypeError('markAssertionUsed needs the assertion ID');
    const now = await this.tick();
    const { assertionExpiryMarginMs: margin, assertionMaxTtlMs } = this.options;
    const until = notOnOrAfter?.getTime();
    // Never shorter than the margin: an id forgotten while still acceptable could be replayed.
    const expiresAt = until !== undefined && Number.isFinite(until) ? Math.max(until, now) + margin : now + assertionMaxTtlMs;
    const id = assertionKey(issuer, assertionId);
    return this.claim(this.assertions, { id, expiresAt }, { id }, now);
  }

  /** Deletes expired entries from both tables; also run by writes, at most once per `purgeIntervalMs`. */
  async purgeExpired(): Promise<{ requests: number; assertions: number }> {
    const expired = { expiresAt: LessThanOrEqual(this.options.now()) };
    const requests = await this.requests.delete(expired);
    const assertions = await this.assertions.delete(expired);
    return { requests: requests.affected ?? 0, assertions: assertions.affected ?? 0 };
  }

  /** Current time, after an opportunistic purge when one is due. A failed purge never fails the caller. */
  private async tick(): Promise<number> {
    const now = this.options.now();
    if (now - this.lastPurgeAt >= this.options.purgeIntervalMs) {
      this.lastPurgeAt = now;
      await this.purgeExpired().catch((error: unknown) =>
        this.logger.warn(`Purging expired SAML cache entries failed: ${(error as Error)?.message ?? String(error)}`),
      );
    }
    return now;
  }

  /**
   * Inserts `row`, letting the primary key decide between racers (no read-then-write). An expired
   * holder of the key is deleted conditionally, so only one racer can displace it.
   */
  private async claim<T extends { expiresAt: number }>(repo: Repository<T>, row: T, key: FindOptionsWhere<T>, now: number): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // insert(), not save(): no implicit transaction, which SQLite's single connection would interleave.
        await repo.insert(row as QueryDeepPartialEntity<T>);
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const { affected } = await repo.delete({ ...key, expiresAt: LessThanOrEqual(now) } as FindOptionsWhere<T>);
      if (!affected) return false;
    }
    return false;
  }
}

/** `<sha-256(issuer)>:<id>`; ids too long for the column become `#<sha-256(id)>` (`#` starts no XML ID). */
function assertionKey(issuer: string, assertionId: string): string {
  const id = assertionId.length <= MAX_VERBATIM_ID ? assertionId : `#${sha256(assertionId)}`;
  return `${sha256(issuer)}:${id}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
// A key longer than the column was never saved; PostgreSQL would not match it anyway, SQLite might.
const fitsKey = (key: string) => typeof key === 'string' && key.length <= 255;

/** Applies {@link SAML_CACHE_DEFAULTS} and checks every duration. @throws RangeError naming the field */
function resolveSamlCacheOptions(options: SamlCacheOptions): Required<SamlCacheOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: Required<SamlCacheOptions> = { ...SAML_CACHE_DEFAULTS, ...given };
  const durations = { requestTtlMs: 1, assertionMaxTtlMs: 1, assertionExpiryMarginMs: 0, purgeIntervalMs: 0 } as const;
  for (const [field, min] of Object.entries(durations) as Array<[keyof typeof durations, number]>) {
    const value = resolved[field];
    if (!Number.isFinite(value) || value < min) throw new RangeError(`SamlCacheOptions.${field} must be a number of milliseconds >= ${min}, got ${String(value)}`);
  }
  return resolved;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const { code, message } = (error.driverError ?? {}) as { code?: unknown; message?: unknown };
  // PostgreSQL unique_violation; better-sqlite3 reports primary keys as SQLITE_CONSTRAINT_PRIMARYKEY.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}
