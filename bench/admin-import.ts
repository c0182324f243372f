// `npm run bench:admin-import`: issue 12 acceptance 1 measured. Generates a CSV of 100k people
// (BENCH_IMPORT_ROWS), imports it with importMappings (all-or-nothing, one transaction) into a fresh
// SQLite file and, when it answers, a fresh PostgreSQL database, printing progress, the summary,
// rows/s and the peak RSS (sampled every 20 ms); then imports the same file again and checks that
// it changed nothing (no link and no history row written). Figures only: nothing here is a test.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../migrations/index.js';
import { adminCore, CustomerLinkEvent, importMappings, nomosPortalEntities } from '../src/index.js';
import type { ImportSummary } from '../src/index.js';
import type { BenchDbKind } from './bench-databases.js';
import { benchDatabase, benchDbKinds } from './bench-databases.js';
import { peakRss } from './rss-sampler.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ISSUER = 'https://idp.bench.example/entity';

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('subject,customer_id\n');
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(`emp-${i.toString().padStart(7, '0')},cus_${(i * 7919).toString(36)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function timedImport(dataSource: DataSource, file: string, label: string): Promise<ImportSummary> {
  const rss = peakRss(20);
  const started = process.hrtime.bigint();
  let lastLine = 0;
  const summary = await importMappings(createReadStream(file), adminCore(dataSource, ISSUER), {
    progressEvery: 10_000,
    onProgress: (p) => {
      if (p.read === lastLine) return;
      lastLine = p.read;
      process.stdout.write(`  ${label}: ${p.read}/${ROWS} rows\r`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peak = rss.stop();
  console.log(
    `\n  ${label}: ${summary.read} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.read / seconds)} rows/s, ` +
      `peak RSS ${peak.toFixed(0)} MB · linked ${summary.linked}, relinked ${summary.relinked}, ` +
      `unchanged ${summary.unchanged}, skipped ${summary.skipped}, applied ${summary.applied}`,
  );
  return summary;
}

async function run(kind: BenchDbKind, file: string): Promise<void> {
  const db = await benchDatabase(kind);
  const dataSource = new DataSource({
    ...db.options,
    entities: nomosPortalEntities,
    migrations: nomosPortalMigrations,
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    console.log(`${kind}:`);
    await timedImport(dataSource, file, 'first import');
    const history = () => dataSource.getRepository(CustomerLinkEvent).count();
    const before = await history();
    const again = await timedImport(dataSource, file, 're-import');
    const after = await history();
    const nothing = again.linked === 0 && again.relinked === 0 && again.unchanged === ROWS && after === before;
    console.log(`  re-import ${nothing ? 'changed nothing' : 'CHANGED SOMETHING'} (history rows ${before} → ${after})`);
    if (!nothing) process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'nomos-bench-import-'));
try {
  const file = join(dir, 'people.csv');
  await writeCsv(file);
  console.log(`admin import bench: ${ROWS} rows, baseline RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  const kinds = await benchDbKinds();
  for (const kind of kinds) await run(kind, file);
  if (!kinds.includes('postgres')) console.log('postgres: skipped (unreachable)');
} finally {
  await rm(dir, { recursive: true, force: true });
}
