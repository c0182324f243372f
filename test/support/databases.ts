/**
 * Database harness for e2e suites: one throwaway database per suite, on SQLite and PostgreSQL.
 *
 * PostgreSQL availability comes from `NOMOS_TEST_PG` (`'1'` available, `'0'` skip), set by the test
 * runner script; when unset it is probed once, at import, with a 2 s connect timeout.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { DataSourceOptions } from 'typeorm';

/** A database engine the suites run against. */
export type DbKind = 'sqlite' | 'postgres';

/** A fresh, empty database and how to reach it. */
export interface TestDatabase {
  /** Which engine this database runs on. */
  kind: DbKind;
  /** Connection options without entities, migrations or `synchronize`; spread and add your own. */
  options: DataSourceOptions;
  /** Deletes the database (SQLite: the temp dir; PostgreSQL: `DROP DATABASE … WITH (FORCE)`). */
  drop(): Promise<void>;
}

/**
 * Admin URL of the test PostgreSQL server.
 * @default 'postgres://postgres@127.0.0.1:5432/test' (env `NOMOS_TEST_PG_URL` overrides)
 */
export const PG_ADMIN_URL = process.env.NOMOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL is unavailable, or `undefined` when it is available. */
async function pgUnavailableReason(): Promise<string | undefined> {
  const flag = process.env.NOMOS_TEST_PG;
  if (flag === '1') return undefined;
  if (flag === '0') return 'NOMOS_TEST_PG=0';
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    // The message, not the URL: the URL may carry a password.
    return `PostgreSQL unreachable (${(err as Error).message || (err as Error).name})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const PG_SKIP_REASON = await pgUnavailableReason();

/** The kinds this run can use: always `sqlite`, plus `postgres` when available. */
export const DB_KINDS: DbKind[] = PG_SKIP_REASON === undefined ? ['sqlite', 'postgres'] : ['sqlite'];

/** Creates a fresh empty database of the given kind. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'nomos-portal-test-'));
    return {
      kind,
      options: { type: 'better-sqlite3', database: join(dir, 'test.sqlite') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `nomos_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    options: { type: 'postgres', url: url.toString() },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` once per database kind inside `describe('<name> [<kind>]')`. PostgreSQL, when
 * unavailable, still shows up as a skipped block whose title gives the reason.
 */
export function describeEachDb(name: string, fn: (kind: DbKind) => void): void {
  describe.each(DB_KINDS)(`${name} [%s]`, fn);
  if (PG_SKIP_REASON !== undefined) {
    describe.skip(`${name} [postgres] (skipped: ${PG_SKIP_REASON})`, () => fn('postgres'));
  }
}

/** What {@link openTestDataSource} should load. */
export interface OpenTestDataSourceOptions {
  /**
   * Entities to register.
   * @default []
   */
  entities?: DataSourceOptions['entities'];
  /**
   * Migrations to register (e.g. `nomosPortalMigrations`).
   * @default []
   */
  migrations?: DataSourceOptions['migrations'];
  /**
   * Apply `migrations` right after connecting.
   * @default true
   */
  runMigrations?: boolean;
}

/** A connected DataSource on a fresh database; `close()` destroys it and drops the database. */
export interface TestDataSource {
  /** The database underneath. */
  db: TestDatabase;
  /** Initialized (and migrated, unless asked not to) DataSource. */
  dataSource: DataSource;
  /** Destroys the DataSource, then drops the database. */
  close(): Promise<void>;
}

/** Creates a fresh database, connects a DataSource to it and (by default) migrates it. */
export async function openTestDataSource(kind: DbKind, opts: OpenTestDataSourceOptions = {}): Promise<TestDataSource> {
  const db = await createTestDatabase(kind);
  const dataSource = new DataSource({
    ...db.options,
    entities: opts.entities ?? [],
    migrations: opts.migrations ?? [],
    migrationsRun: false,
  });
  try {
    await dataSource.initialize();
    if (opts.runMigrations ?? true) await dataSource.runMigrations();
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
    throw err;
  }
  return {
    db,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}
