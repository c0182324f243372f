import type { DataSource, EntityManager } from 'typeorm';
import { retryWhileSqliteBusy } from '../common/sqlite-busy.js';

// Every TypeORM driver built on AbstractSqliteDriver: one connection for the whole DataSource.
const SINGLE_CONNECTION = new Set(['better-sqlite3', 'sqljs', 'sqlite', 'capacitor', 'cordova', 'expo']);

/** PostgreSQL advisory lock keys of the audit chain ('nomos' + a number, far from small host keys). */
export const AUDIT_LOCK_KEYS = Object.freeze({
  /** Held by every append, in the appending transaction: one head at a time fleet-wide. */
  chain: '121424235126785',
  /** Held (try-lock) while a replica writes a checkpoint. */
  checkpoint: '121424235126786',
  /** Held (try-lock) while a replica purges. */
  purge: '121424235126787',
});

/**
 * Transactions that append to the chain, serialised fleet-wide. PostgreSQL: each takes
 * `pg_advisory_xact_lock` before it reads the head ({@link AuditChainLock.acquire}), released by its
 * commit or rollback, so replicas append one at a time and each reads the head the previous one
 * committed (the unique `seq` would refuse a second entry at the same place anyway). SQLite: the DataSource has one
 * connection, so this process runs them one after the other (TypeORM would otherwise nest a second
 * transaction as a savepoint of the first), and the first write of each takes SQLite's write lock
 * against other processes; SQLITE_BUSY is retried off the event loop.
 */
export class AuditChainLock {
  readonly serial: boolean;
  /**
   * PostgreSQL: the chain lock's key, for a statement that takes it itself (`pg_advisory_xact_lock`
   * beside its own change, as {@link acquire} would after it); `undefined` on SQLite.
   */
  readonly statementKey?: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly manager: EntityManager) {
    // TypeORM 1 names it `dataSource`, 0.3 `connection`.
    const source = (manager as { dataSource?: DataSource }).dataSource ?? manager.connection;
    this.serial = SINGLE_CONNECTION.has(source.options.type);
    if (!this.serial && source.options.type === 'postgres') this.statementKey = AUDIT_LOCK_KEYS.chain;
  }

  /**
   * Runs `work` in a transaction that may take the chain lock with {@link acquire}: as late as
   * possible, so that what does not need the lock (the audit row's own update) runs before it and
   * the lock is held for the head read and the append only.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.manager.transaction(work);
    const start = () => retryWhileSqliteBusy(() => this.manager.transaction(work));
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Takes the chain lock inside a {@link run} transaction, until it ends. PostgreSQL: a separate
   * statement on purpose, since under READ COMMITTED each statement reads a snapshot taken when it
   * starts, so the head must be read by a statement that starts after the lock is held. SQLite: the
   * transaction's first write already holds the database's write lock.
   */
  async acquire(tx: EntityManager): Promise<void> {
    if (!this.serial) await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEYS.chain]);
  }

  /**
   * Runs `work` unless another replica holds `key` (PostgreSQL session try-lock, for jobs where a
   * second replica doing the same at once is wasted work); SQLite runs it in this process's order.
   * @returns what `work` returned, or `undefined` when the lock was held elsewhere
   */
  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.serial) return work();
    return this.manager.transaction(async (tx) => {
      const [{ locked }] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key]);
      return locked ? work() : undefined;
    });
  }
}
