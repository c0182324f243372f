/**
 * SQLite under another process's write lock, without freezing the event loop.
 *
 * better-sqlite3 is synchronous: while SQLite's busy handler waits for a lock (`busy_timeout`,
 * 5 s by default in the driver) the whole process waits, every other request with it. So the
 * module sets `busy_timeout` to 0 on a better-sqlite3 DataSource whose host left TypeORM's
 * `timeout` option unset (a lock then fails a statement at once with SQLITE_BUSY), and the module's
 * own queries that can wait retry asynchronously, the loop free between attempts.
 */
import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isSqliteBusy } from './database-errors.js';

/** Delays between attempts while SQLite answers SQLITE_BUSY: about 1 s in all, then the error stands. */
export const SQLITE_BUSY_RETRY_DELAYS_MS: readonly number[] = [10, 20, 40, 80, 160, 320, 400];

/** Runs `work`, retrying it after each delay while it fails with SQLITE_BUSY; other errors at once. */
export async function retryWhileSqliteBusy<T>(
  work: () => Promise<T>,
  delaysMs: readonly number[] = SQLITE_BUSY_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= delaysMs.length || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}

/**
 * Sets `busy_timeout = 0` on an initialised better-sqlite3 DataSource whose options leave `timeout`
 * unset; a host that sets `timeout` keeps it (and accepts that a lock can hold the loop that long).
 * @returns the busy timeout in force, or `undefined` when the DataSource is not better-sqlite3
 */
export function applySqliteBusyTimeout(source: DataSource): number | undefined {
  if (source.options.type !== 'better-sqlite3') return undefined;
  const chosen = source.options.timeout;
  const connection = (source.driver as { databaseConnection?: { pragma(sql: string): unknown } }).databaseConnection;
  if (chosen !== undefined || !connection) return chosen;
  connection.pragma('busy_timeout = 0');
  return 0;
}

/** Token of the start-up step that applies {@link applySqliteBusyTimeout}; its value is the timeout in force. */
export const SQLITE_BUSY_TIMEOUT = Symbol('NOMOS_SQLITE_BUSY_TIMEOUT');

/** The provider applying {@link applySqliteBusyTimeout} to the module's DataSource at start-up. */
export function sqliteBusyTimeoutProvider(dataSource?: string): Provider {
  return {
    provide: SQLITE_BUSY_TIMEOUT,
    inject: [getDataSourceToken(dataSource)],
    useFactory: (source: DataSource) => applySqliteBusyTimeout(source) ?? null,
  };
}
