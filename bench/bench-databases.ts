/**
 * Throwaway databases for the figures scripts (test/support/databases.ts is Jest's: it declares
 * suites at import). SQLite in a temp dir always; PostgreSQL at NOMOS_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test) when it answers within 2 s.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';

const PG_URL = process.env.NOMOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BenchDbKind = 'sqlite' | 'postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The engines this machine offers: SQLite, and PostgreSQL when it answers. */
export async function benchDbKinds(): Promise<BenchDbKind[]> {
  try {
    await admin('SELECT 1');
    return ['sqlite', 'postgres'];
  } catch {
    return ['sqlite'];
  }
}

/** A fresh database of `kind` and how to drop it. */
export async function benchDatabase(kind: BenchDbKind): Promise<{ options: DataSourceOptions; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'nomos-bench-db-'));
    return {
      options: { type: 'better-sqlite3', database: join(dir, 'bench.sqlite') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `nomos_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    options: { type: 'postgres', url: url.toString() },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
