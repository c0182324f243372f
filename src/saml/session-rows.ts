import { EntityMetadataNotFoundError } from 'typeorm';
import type { DataSource, Repository } from 'typeorm';
import { EntitySql } from '../common/entity-sql.js';
import { retryWhileSqliteBusy } from '../common/sqlite-busy.js';
import { SessionStoreError } from './session-store.errors.js';
import { StoredSession } from './session.entity.js';

/**
 * The session store's way to the `nomos_sessions` table: each call retried while SQLite is locked
 * by another process (without blocking the loop), and any failure replaced by a
 * {@link SessionStoreError}, because the driver's error quotes the query's parameters (session
 * ids, session JSON) and would reach the logs.
 */
export class SessionRows {
  /**
   * @param source a DataSource with {@link StoredSession} registered (looked up on each call, so it
   *   may be initialised later), or that entity's repository
   */
  constructor(private readonly source: DataSource | Repository<StoredSession>) {}

  /** Made on first use: the DataSource may be initialised after the store is built. */
  private sql?: EntitySql<StoredSession> | null;

  /** The session `sid` as stored (read once per request: a prepared statement where the driver allows). */
  find(sid: string): Promise<StoredSession | null> {
    return this.run('get', async (rows) => {
      if (this.sql === undefined) this.sql = EntitySql.of(rows.manager, StoredSession) ?? null;
      return this.sql ? ((await this.sql.first(rows.manager, { sid })) ?? null) : rows.findOneBy({ sid });
    });
  }

  /** Runs one database call for store operation `operation` (named in the error). */
  async run<T>(operation: string, call: (rows: Repository<StoredSession>) => Promise<T>): Promise<T> {
    const rows = this.repository();
    try {
      return await retryWhileSqliteBusy(() => call(rows));
    } catch (error) {
      // A set-up mistake (entity not registered) names the entity, never data: keep it as it is.
      if (error instanceof EntityMetadataNotFoundError) throw error;
      throw new SessionStoreError(operation, error);
    }
  }

  private repository(): Repository<StoredSession> {
    return 'getRepository' in this.source ? this.source.getRepository(StoredSession) : this.source;
  }
}
