#!/usr/bin/env node
// `npm run test:mutation`: StrykerJS (jest runner, stryker.config.mjs) once per measured part, one
// after the other (the machine has 2 cores), then one table of the scores. Not part of `npm test`.
// Usage: node scripts/mutation.mjs [part ...] [--table] [--ignore-static]   (--table: print the table
// from the last reports without running; --ignore-static: Stryker's ignoreStatic, leaving out the
// mutants only module loading or a suite's set-up runs, each of which needs every test of the set).
// Each part keeps an incremental file in reports/mutation/, so a re-run only tests the mutants whose
// code or covering tests changed; delete the folder for a full run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARTS, scoreTable } from './mutation/score-table.mjs';

const rootDir = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const tableOnly = args.includes('--table');
const ignoreStatic = args.includes('--ignore-static');
const asked = args.filter((a) => !a.startsWith('--'));
const unknown = asked.filter((p) => !PARTS.includes(p));
if (unknown.length) {
  console.error(`[mutation] unknown part(s): ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = asked.length ? asked : PARTS;
const reportOf = (part) => join(rootDir, 'reports', 'mutation', `${part}.json`);

// Read before the runs: Stryker copies the tree when it starts, and commits made meanwhile are not measured.
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: rootDir, encoding: 'utf8' }).stdout.trim();
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'test'], {
  cwd: rootDir,
  encoding: 'utf8',
}).stdout.trim();
const seconds = new Map();
let failed = false;
if (!tableOnly) {
  const stryker = join(rootDir, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  for (const part of parts) {
    console.log(`[mutation] ${part}: stryker run (src/${part}, tests in jest.mutation.config.js)`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [stryker, 'run', ...(ignoreStatic ? ['--ignoreStatic'] : [])], {
      cwd: rootDir,
      stdio: 'inherit',
      env: { ...process.env, NOMOS_MUTATION_PART: part },
    });
    seconds.set(part, Math.round((Date.now() - started) / 1000));
    if (run.status !== 0) {
      console.error(`[mutation] ${part}: stryker exited with ${run.status ?? run.signal}`);
      failed = true;
    }
  }
}

const reports = parts.map((part) => ({
  part,
  report: existsSync(reportOf(part)) ? JSON.parse(readFileSync(reportOf(part), 'utf8')) : undefined,
  seconds: seconds.get(part),
}));
const when = tableOnly ? 'table of the last reports, printed at' : 'measured at';
console.log(
  `\n[mutation] ${when} ${commit}${dirty ? ' (with uncommitted changes in src/ or test/)' : ''}, ` +
    new Date().toISOString(),
);
const table = scoreTable(reports);
for (const line of table.lines) console.log(line);
process.exit(failed || table.missing ? 1 : 0);
