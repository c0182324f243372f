// `npm run bench:sqlite-commits`: the floor SQLite sets under the click path. Invariant 1 needs two
// durable commits per click (the pending row before Nomos is called, the completion before the link
// leaves); this times exactly that pattern with better-sqlite3 alone (no TypeORM, no package code) in
// the directory `npm run bench` puts its database in (os.tmpdir()), in WAL mode, at each
// `synchronous` setting, and prints CPU (user / system, from process.cpuUsage) and wall time per
// click. better-sqlite3 is synchronous, so the wall time is time the event loop cannot serve anyone.
// BENCH_SQLITE_CLICKS sets the clicks per setting (default 5000).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const clicks = Number(process.env.BENCH_SQLITE_CLICKS ?? 5000);
const dir = await mkdtemp(join(tmpdir(), 'nomos-bench-commits-'));
console.log(`two commits per click, ${clicks} clicks per setting, WAL, database in ${dir}`);
console.log('  synchronous   user µs   system µs   CPU µs   wall µs   (per click)');
try {
  for (const synchronous of ['FULL', 'NORMAL', 'OFF']) {
    const db = new Database(join(dir, `${synchronous}.sqlite`));
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE audit (id INTEGER PRIMARY KEY, user_id TEXT, outcome TEXT, attempts INTEGER)');
    const begin = db.prepare("INSERT INTO audit (user_id, outcome, attempts) VALUES (?, 'pending', 1) RETURNING id");
    const complete = db.prepare("UPDATE audit SET outcome = 'issued' WHERE id = ? AND outcome = 'pending' RETURNING *");
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < clicks; i++) {
      const { id } = begin.get(`person-${i % 20}`) as { id: number };
      db.exec('BEGIN');
      complete.get(id);
      db.exec('COMMIT');
    }
    const used = process.cpuUsage(cpu);
    const wall = Number(process.hrtime.bigint() - started) / 1000;
    const per = (us: number) => (us / clicks).toFixed(1).padStart(8);
    const figures = [per(used.user), per(used.system), per(used.user + used.system), per(wall)];
    console.log(`  ${synchronous.padEnd(11)} ${figures.join('  ')}`);
    db.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
