import type { DataSource, EntityManager } from 'typeorm';

// Every TypeORM driver built on AbstractSqliteDriver: one connection for the whole DataSource.
const SINGLE_CONNECTION = new Set(['better-sqlite3', 'sqljs', 'sqlite', 'capacitor', 'cordova', 'expo']);

/**
 * Runs a link change and its history row in one transaction. On SQLite the DataSource has a single
 * connection, so two transactions started at once would share it (TypeORM nests the second as a
 * savepoint and interleaves their statements); there they run one after the other in this process,
 * and the database's own lock orders them against other processes.
 */
export class LinkTransactions {
  private readonly serial: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly manager: EntityManager) {
    // TypeORM 1 names it `dataSource`, 0.3 `connection` (the host matrix runs both).
    const source = (manager as { dataSource?: DataSource }).dataSource ?? manager.connection;
    this.serial = SINGLE_CONNECTION.has(source.options.type);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const start = () => this.manager.transaction(work);
    if (!this.serial) return start();
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
