#!/usr/bin/env node
// `npm test`: decides which legs can run on this machine, says so plainly, runs Jest in native
// ESM mode, checks the whole output for every secret the suites registered, and ends with one
// summary line that says failed whenever anything failed. On CI (CI=true) a skipped leg fails.
// Usage: node scripts/test.mjs [jest args...]; NOMOS_TEST_JEST_CONFIG picks another Jest config
// (the runner's own tests use test/runner/jest.fixtures.config.js).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, readLedger } from './test-runner/ledger.mjs';
import { browserGate, detectLegs } from './test-runner/legs.mjs';
import { logCheck } from './test-runner/log-check.mjs';
import { summarize } from './test-runner/summary.mjs';

const rootDir = join(import.meta.dirname, '..');
const onCi = process.env.CI === 'true' || process.env.CI === '1';
const legs = await detectLegs(process.env);
for (const line of legs.lines) console.log(`[npm test] ${line}`);
if (onCi && (!legs.pgUp || !legs.browserUp)) {
  console.error('[npm test] CI=true but a leg would be skipped: failing.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'nomos-test-'));
const resultFile = join(dir, 'results.json');
// Suites append every secret they saw issued, and what they promise to register, to the ledger.
const ledger = createLedger(dir);
const jestBin = join(rootDir, 'node_modules', 'jest', 'bin', 'jest.js');
const config = process.env.NOMOS_TEST_JEST_CONFIG ? [`--config=${process.env.NOMOS_TEST_JEST_CONFIG}`] : [];
// Jest runs the suites in one process on a 2-core machine, and native-ESM module registries are not
// freed between files: the whole run reached V8's default 4 GB heap limit in CI. 8 GB, unless set.
const JEST_NODE_FLAGS = '--experimental-vm-modules --no-warnings=ExperimentalWarning';
const heapLimit = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? '' : ' --max-old-space-size=8192';
const child = spawn(
  process.execPath,
  [jestBin, ...config, '--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)],
  {
    stdio: ['inherit', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${JEST_NODE_FLAGS}${heapLimit}`.trim(),
      ...legs.env,
      // Last, so nothing inherited can point the check at another file.
      ...ledger.env,
    },
  },
);
const output = [];
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on('data', (chunk) => {
    output.push(chunk);
    to.write(chunk);
  });
}
let code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

const read = readLedger(ledger.path, ledger.token);
const check = logCheck(Buffer.concat(output).toString('utf8'), read);
const gate = browserGate(read.browser, legs.browserUp, onCi);
const extra = [...(check.ok ? [] : ['log check']), ...(gate.failure ? [gate.failure] : [])];
if (extra.length) code = 1;

let summary = { line: 'tests: 0 passed, 1 failed, 0 skipped (no result file: Jest did not finish)', details: [] };
try {
  summary = summarize(JSON.parse(readFileSync(resultFile, 'utf8')), rootDir, extra);
} catch {
  // No (readable) result file: keep the summary above, which counts the run as failed.
}
if (summary.failed && code === 0) code = 1;
rmSync(dir, { recursive: true, force: true });
for (const line of legs.lines) console.log(`[npm test] ${line}`);
console.log(`[npm test] ${gate.line}`);
for (const line of [...check.lines, ...summary.details]) console.log(`[npm test] ${line}`);
console.log(summary.line);
process.exit(code);
