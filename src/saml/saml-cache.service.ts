import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import { LessThanOrEqual, Repository } from 'typeorm';
import { logValue } from '../common/log-value.js';
import { NomosPortalArgumentError } from '../errors/index.js';
import { DuePurge } from './due-purge.js';
import { insertClaim } from './insert-claim.js';
import { SamlAssertionEntry } from './saml-assertion.entity.js';
import { assertionKey, isRequestKey } from './saml-cache-keys.js';
import { resolveSamlCacheOptions, SAML_CACHE_OPTIONS } from './saml-cache.options.js';
import type { SamlCacheOptions } from './saml-cache.options.js';
import { SamlRequestEntry } from './saml-request.entity.js';

/**
 * The SAML state all replicas share, in the database: node-saml's `InResponseTo` cache (pass the
 * service itself as `cacheProvider`) and the assertion replay cache. Nothing in process memory is
 * needed to finish a login or to refuse a replay; the last purge time is only housekeeping.
 */
@Injectable()
export class SamlCacheService implements CacheProvider {
  private readonly options: Required<SamlCacheOptions>;
  private readonly logger = new Logger(SamlCacheService.name);
  private readonly purge: DuePurge;

  constructor(
    @InjectRepository(SamlRequestEntry) private readonly requests: Repository<SamlRequestEntry>,
    @InjectRepository(SamlAssertionEntry) private readonly assertions: Repository<SamlAssertionEntry>,
    @Optional() @Inject(SAML_CACHE_OPTIONS) options?: SamlCacheOptions | null,
  ) {
    this.options = resolveSamlCacheOptions(options ?? {});
    const failed = (error: unknown) =>
      this.logger.warn(`Purging expired SAML entries failed: ${logValue((error as Error)?.message, 200)}`);
    // A failed purge never fails the login that triggered it.
    this.purge = new DuePurge(this.options.purgeIntervalMs, () => this.purgeExpired(), failed);
  }

  /** node-saml: remembers a new request id; `null` when an unexpired entry already holds `key`. */
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = await this.tick();
    const row = { key, value, expiresAt: now + this.options.requestTtlMs };
    return (await insertClaim(this.requests, row, { key }, now)) ? { value, createdAt: now } : null;
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
   * @throws NomosPortalArgumentError (`INVALID_ARGUMENT`) when `assertionId` is empty
   */
  async markAssertionUsed(issuer: string, assertionId: string, notOnOrAfter: Date | undefined): Promise<boolean> {
    if (typeof assertionId !== 'string' || assertionId === '')
      throw new NomosPortalArgumentError('An assertion ID is required');
    const now = await this.tick();
    const until = notOnOrAfter?.getTime() ?? Number.NaN;
    // Past NotOnOrAfter by the margin: forgetting an id the strategy would still accept invites a replay.
    const { assertionExpiryMarginMs: margin, assertionMaxTtlMs: maxTtl } = this.options;
    const expiresAt = Number.isFinite(until) ? Math.max(until, now) + margin : now + maxTtl;
    const id = assertionKey(issuer, assertionId);
    return insertClaim(this.assertions, { id, expiresAt }, { id }, now);
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

  /** The current time, after a purge when one is due. */
  private async tick(): Promise<number> {
    const now = this.options.now();
    await this.purge.runIfDue(now);
    return now;
  }
}
