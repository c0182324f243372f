import { createHash } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PersonKey } from '../identity/index.js';
import type { ResolvedMagicLinksOptions } from './magic-links.options.js';
import { MAGIC_LINKS_OPTIONS } from './magic-links.options.js';
import { DatabasePersonLimitStorage } from './person-limit.database-storage.js';
import { InMemoryPersonLimitStorage } from './person-limit.memory-storage.js';
import type { ResolvedPersonRateLimitOptions } from './person-limit.options.js';
import { RedisPersonLimitStorage } from './person-limit.redis-storage.js';

/** Token of the store the per-person limit counts in (chosen by `portal.personRateLimit.storage`). */
export const PERSON_LIMIT_STORAGE = Symbol('NOMOS_PERSON_LIMIT_STORAGE');

const THROTTLER_NAME = 'nomos-person';
const WARN_EVERY_MS = 60_000;

/** The store `portal.personRateLimit.storage` names; `undefined` when the limit is off. */
export function personLimitStorage(
  options: ResolvedPersonRateLimitOptions,
  dataSource: DataSource,
): ThrottlerStorage | undefined {
  if (options === false) return undefined;
  const { storage } = options;
  if (storage === 'memory') return new InMemoryPersonLimitStorage();
  if (storage === 'database') return new DatabasePersonLimitStorage(dataSource);
  return 'redis' in storage ? new RedisPersonLimitStorage(storage.redis) : storage;
}

/** The provider of {@link PERSON_LIMIT_STORAGE}, on the module's DataSource (named or the default). */
export function personLimitStorageProvider(dataSourceName?: string): Provider {
  return {
    provide: PERSON_LIMIT_STORAGE,
    inject: [MAGIC_LINKS_OPTIONS, getDataSourceToken(dataSourceName)],
    useFactory: (options: ResolvedMagicLinksOptions, dataSource: DataSource) =>
      personLimitStorage(options.personRateLimit, dataSource),
  };
}

/**
 * The per-person limit on asking for links: one count per person key (IdP issuer + subject) over
 * every channel (redirect, JSON, a host calling the service), so no route is a way around it.
 * Keys are SHA-256 of the person key: a shared store never holds who anyone is.
 *
 * A store that fails (Redis down, say) lets the click through with a warning at most once a
 * minute: the limit guards fairness between people, the fleet limiter guards Nomos, and refusing
 * everyone during a cache outage would turn it into a portal outage.
 */
export class PersonLimit {
  private readonly logger = new Logger('NomosPortal');
  private lastWarning = 0;

  constructor(
    private readonly options: ResolvedPersonRateLimitOptions,
    private readonly storage: ThrottlerStorage | undefined,
  ) {}

  /** Counts one request; the seconds to wait when it is over the limit, else `undefined`. */
  async refusal(person: PersonKey): Promise<number | undefined> {
    const { options, storage } = this;
    if (options === false || storage === undefined) return undefined;
    const key = createHash('sha256')
      .update(JSON.stringify([person.issuer, person.subject]))
      .digest('hex');
    try {
      const record = await storage.increment(key, options.ttlMs, options.limit, options.ttlMs, THROTTLER_NAME);
      return record.isBlocked ? Math.max(1, Math.ceil(record.timeToBlockExpire)) : undefined;
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        // The class only: a driver's message may quote the key or the connection string.
        this.logger.warn(`per-person limit store failed (${(error as Error)?.name ?? 'error'}); not counting`);
      }
      return undefined;
    }
  }
}
