// `npm run bench:audit-export`: issue 12 acceptance 2 measured. Fills a fresh SQLite file and, when
// it answers, a fresh PostgreSQL database with 1M audit rows (BENCH_AUDIT_ROWS) in one INSERT … SELECT,
// exports them with exportAudit as CSV and as JSON Lines to files, printing rows/s and the peak RSS
// (sampled every 20 ms) of each export, then parses each file back (csv-parse, JSON.parse per line)
// and prints the count. Memory is flat when the peak stays near the baseline whatever the row count.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../migrations/index.js';
import { adminCore, exportAudit, nomosPortalEntities } from '../src/index.js';
import type { AuditExportFormat } from '../src/index.js';
import type { BenchDbKind } from './bench-databases.js';
import { benchDatabase, benchDbKinds } from './bench-databases.js';
import { peakRss } from './rss-sampler.js';

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const COLUMNS =
  'created_at, completed_at, user_id, customer_id, outcome, channel, mint_attempts, link_host, ' +
  'link_fingerprint, client_ip, user_agent, request_id, duration_ms, issuer, user_name';

/** One statement generating every row in the database itself: the fastest bulk insert on both. */
function fillSql(kind: BenchDbKind): string {
  const now = Date.now() - ROWS * 1000;
  if (kind === 'postgres') {
    return (
      `INSERT INTO nomos_magic_link_audit (${COLUMNS}) SELECT ${now} + i * 1000, ${now} + i * 1000 + 120, ` +
      `'emp-' || (i % 5000), 'cus_' || (i % 4000), ` +
      `CASE WHEN i % 10 = 0 THEN 'denied' ELSE 'issued' END, 'redirect', 1, ` +
      `'acme.customerportal.energy', lpad(i::text, 64, '0'), '10.0.0.' || (i % 250), 'Mozilla/5.0 (bench)', ` +
      `'req-' || i, 120, 'https://idp.bench.example/entity', 'emp-' || (i % 5000) || '@corp.example' ` +
      `FROM generate_series(1, ${ROWS}) AS i`
    );
  }
  return (
    `INSERT INTO nomos_magic_link_audit (${COLUMNS}) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s ` +
    `WHERE i < ${ROWS}) SELECT ${now} + i * 1000, ${now} + i * 1000 + 120, ` +
    `'emp-' || (i % 5000), 'cus_' || (i % 4000), ` +
    `CASE WHEN i % 10 = 0 THEN 'denied' ELSE 'issued' END, 'redirect', 1, 'acme.customerportal.energy', ` +
    `printf('%064d', i), '10.0.0.' || (i % 250), 'Mozilla/5.0 (bench)', 'req-' || i, 120, ` +
    `'https://idp.bench.example/entity', 'emp-' || (i % 5000) || '@corp.example' FROM s`
  );
}

async function countBack(file: string, format: AuditExportFormat): Promise<number> {
  let count = 0;
  if (format === 'csv') {
    for await (const record of createReadStream(file).pipe(parse({ columns: true }))) {
      if ((record as { id?: string }).id) count++;
    }
  } else {
    for await (const line of createInterface({ input: createReadStream(file) })) {
      if ((JSON.parse(line) as { id?: number }).id) count++;
    }
  }
  return count;
}

async function run(kind: BenchDbKind, dir: string): Promise<void> {
  const db = await benchDatabase(kind);
  const dataSource = new DataSource({
    ...db.options,
    entities: nomosPortalEntities,
    migrations: nomosPortalMigrations,
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const filled = Date.now();
    await dataSource.query(fillSql(kind));
    console.log(`${kind}: ${ROWS} audit rows inserted in ${((Date.now() - filled) / 1000).toFixed(1)} s`);
    const core = adminCore(dataSource, 'https://idp.bench.example/entity');
    for (const format of ['csv', 'jsonl'] as const) {
      const file = join(dir, `${kind}.${format}`);
      const base = process.memoryUsage().rss / 2 ** 20;
      const rss = peakRss(20);
      const started = Date.now();
      await exportAudit(core.audit, format, createWriteStream(file));
      const seconds = (Date.now() - started) / 1000;
      const peak = rss.stop();
      const parsed = await countBack(file, format);
      const size = (await stat(file)).size / 2 ** 20;
      console.log(
        `  ${format}: ${Math.round(ROWS / seconds)} rows/s (${seconds.toFixed(1)} s, ${size.toFixed(0)} MB), ` +
          `RSS before ${base.toFixed(0)} MB, peak ${peak.toFixed(0)} MB; parsed back ${parsed} rows` +
          (parsed === ROWS ? '' : ' — MISMATCH'),
      );
      if (parsed !== ROWS) process.exitCode = 1;
      await rm(file);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'nomos-bench-audit-'));
try {
  console.log(`audit export bench: ${ROWS} rows`);
  const kinds = await benchDbKinds();
  for (const kind of kinds) await run(kind, dir);
  if (!kinds.includes('postgres')) console.log('postgres: skipped (unreachable)');
} finally {
  await rm(dir, { recursive: true, force: true });
}
