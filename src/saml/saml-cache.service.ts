import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import { LessThanOrEqual, Repository } from 'typeorm';
import type { FindOptionsWhere, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { logValue } from '../common/log-value.js';
import { SamlAssertionEntry } from './saml-assertion.entity.js';
import { SamlRequestEntry } from './saml-request.entity.js';

/** Injection token of the {@link SamlCacheOptions} given to {@link SamlCacheService} (optional). */
export const SAML_CACHE_OPTIONS = Symbol('SAML_CACHE_OPTIONS');

/** Lifetimes of the shared SAML caches. */
export interface SamlCacheOptions {
  /** How long a request id is accepted as `InResponseTo` (node-saml's `requestIdExpirationPeriodMs`). @default 600000 */
  requestTtlMs?: number;
  /** How long a used assertion id is kept when the assertion has no `NotOnOrAfter`. @default 3600000 */
  assertionMaxTtlMs?: number;
  /** Kept past `NotOnOrAfter`; must be ≥ the strategy's `acceptedClockSkewMs`. @default 300000 */
  assertionExpiryMarginMs?: number;
  /** Least time between two opportunistic purges by one process; 0 purges on every write. @default 60000 */
  purgeIntervalMs?: number;
  /** Clock, epoch ms; replicas must agree within `assertionExpiryMarginMs` (NTP). @default Date.now */
  now?: () => number;
}

/** Values used for the {@link SamlCacheOptions} left out. */
export const SAML_CACHE_DEFAULTS: Readonly<Required<SamlCacheOptions>> = Object.freeze({
  requestTtlMs: 600_000, assertionMaxTtlMs: 3_600_000, assertionExpiryMarginMs: 300_000, purgeIntervalMs: 60_000, now: Date.now,
});

/**
 * The SAML state all replicas share, in the database: node-saml's `InResponseTo` cache (pass the
 * service itself as `cacheProvider`) and the assertion replay cache. Nothing in process memory is
 * needed to finish a login or to refuse a replay; the last purge time is only housekeeping.
 */
@Injectable()
export class SamlCacheService implements CacheProvider {
  private readonly options: Required<SamlCacheOptions>;
  private readonly logger = new Logger(SamlCacheService.name);
  private lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(
    @InjectRepository(SamlRequestEntry) private readonly requests: Repository<SamlRequestEntry>,
    @InjectRepository(SamlAssertionEntry) private readonly assertions: Repository<SamlAssertionEntry>,
    @Optional() @Inject(SAML_CACHE_OPTIONS) options?: SamlCacheOptions | null,
  ) {
    this.options = resolveOptions(options ?? {});
  }

  /** node-saml: remembers a new request id; `null` when an unexpired entry already holds `key`. */
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = await this.tick();
    const row = { key, value, expiresAt: now + this.options.requestTtlMs };
    return (await this.claim(this.requests, row, { key }, now)) ? { value, createdAt: now } : null;
  }

  /** node-saml: the value saved under `key`, or `null` when absent or expired. Always a database read. */
  async getAsync(key: string): Promise<string | null> {
    if (!isRequestKey(key)) return null;
    const now = this.options.now();
    const row = await this.requests.findOneBy({ key });
    if (!row || row.expiresAt > now) return row?.value ?? null;
    // Conditional, so that an entry re-saved meanwhile by another replica survives.
    await this.requests.delete({ key, expiresAt: LessThanOrEqual(now) });
    return null;
  }

  /** node-saml: forgets `key`; returns it when an entry was removed, else `null`. */
  async removeAsync(key: string | null): Promise<string | null> {
    if (key == null || !isRequestKey(key)) return null;
    const { affected } = await this.requests.delete({ key });
    return affected ? key : null;
  }

  /**
   * Records that assertion `assertionId` of IdP `issuer` was consumed. Atomic across replicas: of
   * any number of concurrent calls for one assertion, exactly one returns `true`.
   * @param notOnOrAfter the latest `NotOnOrAfter` in the assertion (conditions, subject confirmation)
   * @returns `true` the first time, `false` for a replay (id known and not yet expired)
   * @throws TypeError when `assertionId` is empty
   */
  async markAssertionUsed(issuer: string, assertionId: string, notOnOrAfter: Date | undefined): Promise<boolean> {
    if (typeof assertionId !== 'string' || assertionId === '') throw new TypeError('An assertion ID is required');
    const now = await this.tick();
    const until = notOnOrAfter?.getTime() ?? Number.NaN;
    // Past NotOnOrAfter by the margin: forgetting an id the strategy would still accept invites a replay.
    const { assertionExpiryMarginMs: margin, assertionMaxTtlMs: maxTtl } = this.options;
    const expiresAt = Number.isFinite(until) ? Math.max(until, now) + margin : now + maxTtl;
    const id = `${sha256(issuer)}:${assertionId.length <= 190 ? assertionId : `#${sha256(assertionId)}`}`;
    return this.claim(this.assertions, { id, expiresAt }, { id }, now);
  }

  /**
   * Outstanding SP-initiated logins (unexpired request ids) across all replicas, and when the
   * soonest of them expires (epoch ms), for the login cap's Retry-After.
   */
  async pendingLogins(): Promise<{ count: number; nextExpiryAt?: number }> {
    const now = this.options.now();
    const row = await this.requests
      .createQueryBuilder('r')
      .select('COUNT(*)', 'count')
      .addSelect('MIN(r.expiresAt)', 'next')
      .where('r.expiresAt > :now', { now })
      .andWhere("r.key NOT LIKE '#%'")
      .getRawOne<{ count: string | number; next: string | number | null }>();
    const next = row?.next == null ? undefined : Number(row.next);
    return { count: Number(row?.count ?? 0), nextExpiryAt: next };
  }

  /** Deletes expired entries of both caches; writes also run it, at most once per `purgeIntervalMs`. */
  async purgeExpired(): Promise<{ requests: number; assertions: number }> {
    const expired = { expiresAt: LessThanOrEqual(this.options.now()) };
    const [requests, assertions] = await Promise.all([this.requests.delete(expired), this.assertions.delete(expired)]);
    return { requests: requests.affected ?? 0, assertions: assertions.affected ?? 0 };
  }

  /** The current time, after a purge when one is due; a failed purge never fails the login. */
  private async tick(): Promise<number> {
    const now = this.options.now();
    if (now - this.lastPurgeAt >= this.options.purgeIntervalMs) {
      this.lastPurgeAt = now;
      const failed = (error: unknown) => this.logger.warn(`Purging expired SAML entries failed: ${logValue((error as Error)?.message, 200)}`);
      await this.purgeExpired().catch(failed);
    }
    return now;
  }

  /**
   * Inserts `row` and lets the primary key pick the winner among racers (no read-then-write). An
   * expired holder of the key is deleted conditionally, so only one racer can displace it.
   */
  private async claim<T extends ObjectLiteral>(repo: Repository<T>, row: T, key: FindOptionsWhere<T>, now: number): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // insert(), not save(): no implicit transaction for SQLite's one connection to interleave.
        await repo.insert(row as QueryDeepPartialEntity<T>);
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      if (!(await repo.delete({ ...key, expiresAt: LessThanOrEqual(now) })).affected) return false;
    }
    return false;
  }
}

// Ids are at most 190 characters verbatim (64 + 1 + 190 ≤ 255); longer ones are hashed, marked with
// '#', which starts no XML ID. A key longer than the column was never saved, so it is not looked up.
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const fitsColumn = (key: unknown) => typeof key === 'string' && key.length <= 255;
// Keys starting with '#' are the login bindings kept in the same table; node-saml never sees them.
const isRequestKey = (key: unknown) => fitsColumn(key) && !(key as string).startsWith('#');

function resolveOptions(options: SamlCacheOptions): Required<SamlCacheOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: Required<SamlCacheOptions> = { ...SAML_CACHE_DEFAULTS, ...given };
  const minimums = { requestTtlMs: 1, assertionMaxTtlMs: 1, assertionExpiryMarginMs: 0, purgeIntervalMs: 0 } as const;
  for (const [field, min] of Object.entries(minimums) as Array<[keyof typeof minimums, number]>) {
    if (!(resolved[field] >= min) || !Number.isFinite(resolved[field])) throw new RangeError(`SamlCacheOptions.${field} must be >= ${min} ms`);
  }
  return resolved;
}
