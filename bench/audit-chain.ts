// `npm run bench:audit-chain`: what the hash chain costs. For SQLite (a file) and PostgreSQL (when
// reachable), completes N pending audit rows one after the other and then 8 at a time, without the
// chain (the plain conditional UPDATE) and with it (lock + UPDATE + read-back + head + INSERT in one
// transaction), and prints µs per completion; then times a full verify and a checkpoint.
// BENCH_AUDIT_ROWS sets N (default 2000).
import { generateKeyPairSync } from 'node:crypto';
import { nomosPortalMigrations } from '../migrations/index.js';
import { AuditChainEntry, AuditService, createAuditChain, MagicLinkAudit } from '../src/index.js';
import type { AuditCheckpoint } from '../src/index.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';

type DbKind = 'sqlite' | 'postgres';
const PG_URL = process.env.NOMOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh migrated database of `kind` (the bench cannot use the Jest-only test helpers). */
async function openDataSource(kind: DbKind): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nomos-bench-'));
  const name = `nomos_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  if (kind === 'postgres') await admin(`CREATE DATABASE "${name}"`);
  const dataSource = new DataSource({
    ...(kind === 'sqlite'
      ? { type: 'better-sqlite3' as const, database: join(dir, 'bench.sqlite') }
      : { type: 'postgres' as const, url: url.toString() }),
    entities: [MagicLinkAudit, AuditChainEntry],
    migrations: nomosPortalMigrations,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await rm(dir, { recursive: true, force: true });
      if (kind === 'postgres') await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

const pgUp = await admin('SELECT 1').then(
  () => true,
  () => false,
);
const DB_KINDS: DbKind[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];

const N = Number(process.env.BENCH_AUDIT_ROWS ?? 2000);
const CONCURRENCY = 8;
const ISSUED = {
  outcome: 'issued' as const,
  linkFingerprint: 'c'.repeat(64),
  linkHost: 'acme.customerportal.energy',
  mintAttempts: 1,
  durationMs: 20,
};

async function completions(audit: AuditService, parallel: number): Promise<number> {
  const ids: number[] = [];
  for (let i = 0; i < N; i++)
    ids.push((await audit.begin({ userId: `u${i}`, customerId: 'cus_1', channel: 'redirect' })).id);
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await audit.complete(ids[next++], ISSUED);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return Number(process.hrtime.bigint() - started) / 1000 / N;
}

async function run(kind: DbKind): Promise<void> {
  // The plain rows in a database of their own, so that verify walks a chain with nothing unchained.
  const bare = await openDataSource(kind);
  const t = await openDataSource(kind);
  try {
    const { privateKey } = generateKeyPairSync('ed25519');
    const sink = {
      name: 'memory',
      last: undefined as AuditCheckpoint | undefined,
      write: async (c: AuditCheckpoint) => void (sink.last = c),
    };
    const { audit: chained, chain } = createAuditChain(t.dataSource, {
      signingKey: privateKey,
      checkpointSinks: [sink],
    });
    // Constructed with the repository alone, the service writes rows unchained: the cost before the chain.
    const plain = new AuditService(bare.dataSource.getRepository(MagicLinkAudit));
    for (const parallel of [1, CONCURRENCY]) {
      const without = await completions(plain, parallel);
      const withChain = await completions(chained, parallel);
      console.log(
        `${kind.padEnd(8)} ${String(parallel).padStart(2)} at a time: ` +
          `${without.toFixed(0).padStart(6)} µs/completion ` +
          `without the chain, ${withChain.toFixed(0).padStart(6)} µs with it (+${(withChain - without).toFixed(0)} µs)`,
      );
    }
    const cpStart = performance.now();
    await chain.checkpoint();
    const cpMs = performance.now() - cpStart;
    const rssBefore = process.memoryUsage().rss;
    const verifyStart = performance.now();
    const report = await chain.verify({ checkpoint: sink.last });
    const verifyMs = performance.now() - verifyStart;
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(
      `${kind.padEnd(8)} verify of ${report.rowsChecked} entries: ${verifyMs.toFixed(0)} ms ` +
        `(${((verifyMs * 1000) / report.rowsChecked).toFixed(0)} µs/entry, ok=${report.ok}, ` +
        `RSS +${rssGrowth.toFixed(1)} MB); checkpoint ${cpMs.toFixed(1)} ms`,
    );
  } finally {
    await t.close();
    await bare.close();
  }
}

console.log(`audit chain cost, ${N} completions per run `);
for (const kind of DB_KINDS) await run(kind);
if (!DB_KINDS.includes('postgres')) console.log('postgres: skipped (unreachable; see test/support/databases.ts)');
