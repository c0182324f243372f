import { optionError } from '../common/option-checks.js';
import type { ResolvedNomosRateLimit } from './pacing.options.js';
import type { RateLimitStore, SqlQuery } from './rate-limit-store.js';
import { PostgresRateLimitStore, RedisRateLimitStore } from './shared-rate-limit-stores.js';

/** What the module wiring hands the client besides its options. */
export interface NomosApiClientDeps {
  /**
   * Runs one statement on the host's PostgreSQL database (the module passes `DataSource.query`);
   * needed by `nomos.rateLimit.store: 'database'` only.
   */
  query?: SqlQuery;
}

/**
 * The shared store `nomos.rateLimit.store` names; `undefined` for `'memory'` (the pacer's own).
 * @throws NomosPortalConfigError for `'database'` without a PostgreSQL query function
 */
export function rateLimitStoreOf(limit: ResolvedNomosRateLimit, deps: NomosApiClientDeps): RateLimitStore | undefined {
  const { store } = limit;
  if (store === 'memory') return undefined;
  if (store === 'database') {
    if (!deps.query) {
      throw optionError('nomos.rateLimit.store', "'database' needs the module's PostgreSQL DataSource");
    }
    return new PostgresRateLimitStore(deps.query);
  }
  if ('redis' in store) return new RedisRateLimitStore(store.redis);
  return store;
}
