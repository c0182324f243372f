import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { nomosPortalMigrations } from '../migrations/index.js';
import { nomosPortalEntities } from '../src/index.js';
import { ExampleConfigError } from './config-error.js';

/** Where the example keeps its tables. */
export type ExampleDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The embedded default: a SQLite file in `data/`, relative to the working directory. */
export const DEFAULT_SQLITE_FILE = 'data/example.sqlite';

/**
 * `postgres://…` (or `postgresql://…`) selects PostgreSQL; `sqlite:<file>` or nothing selects SQLite.
 * @throws ExampleConfigError for any other scheme
 */
export function databaseFromUrl(url: string | undefined): ExampleDatabase {
  if (url === undefined) return { kind: 'sqlite', file: resolve(DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(url.slice('sqlite:'.length)) };
  throw new ExampleConfigError('DATABASE_URL must start with postgres:// or sqlite: (e.g. sqlite:data/example.sqlite)');
}

/** TypeORM options with the package's entities and migrations, applied at start (never `synchronize`). */
export function typeOrmOptions(database: ExampleDatabase): DataSourceOptions {
  const common = {
    entities: nomosPortalEntities,
    migrations: nomosPortalMigrations,
    migrationsRun: true,
    logging: ['error' as const],
  };
  // A locked table fails the statement (503) instead of holding /portal past the mint deadline.
  const timeouts = { lock_timeout: 2000, statement_timeout: 5000 };
  if (database.kind === 'postgres') return { type: 'postgres', url: database.url, extra: timeouts, ...common };
  mkdirSync(dirname(database.file), { recursive: true });
  // WAL: readers do not wait for the audit writes, and commits skip a full fsync (about 3x the
  // throughput of the default journal on the mint path, see `npm run bench`).
  return { type: 'better-sqlite3', database: database.file, enableWAL: true, ...common };
}

/** Where the data lives, for the start-up log: never the password of a URL. */
export function describeDatabase(database: ExampleDatabase): string {
  if (database.kind === 'sqlite') return `SQLite ${database.file}`;
  const url = new URL(database.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
