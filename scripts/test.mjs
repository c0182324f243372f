#!/usr/bin/env node
// `npm test`: decides which legs can run on this machine, says so plainly, runs Jest in native
// ESM mode, and ends with one summary line. On CI (CI=true) a skipped leg is a failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import pg from 'pg';

const PG_URL = process.env.NOMOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const onCi = process.env.CI === 'true' || process.env.CI === '1';

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const legs = [];
let pgUp = process.env.NOMOS_TEST_PG === '0' ? false : await postgresAnswers();
legs.push(pgUp
  ? `PostgreSQL leg: runs against ${PG_URL.replace(/\/\/[^@]*@/, '//')}`
  : `PostgreSQL leg: SKIPPED (no PostgreSQL answered at ${PG_URL.replace(/\/\/[^@]*@/, '//')}; set NOMOS_TEST_PG_URL)`);
const chromium = process.env.NOMOS_TEST_CHROMIUM ?? '/usr/bin/chromium';
const browserUp = process.env.NOMOS_TEST_BROWSER === '0' ? false : existsSync(chromium);
legs.push(browserUp
  ? `Browser leg: runs with ${chromium}`
  : `Browser leg: SKIPPED (no Chromium at ${chromium}; on Debian: apt-get install chromium)`);
for (const line of legs) console.log(`[npm test] ${line}`);
if (onCi && (!pgUp || !browserUp)) {
  console.error('[npm test] CI=true but a leg would be skipped: failing.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'nomos-test-'));
const resultFile = join(dir, 'results.json');
// Suites append every secret they saw issued here, one `kind<TAB>value` a line: credentials (links,
// token hashes, access tokens, client secrets), session material (cookie values, session ids) and
// SAML responses (the base64 body, its Response and Assertion ids); after the run the whole
// captured output is searched for them.
const secretsFile = join(dir, 'secrets.txt');
writeFileSync(secretsFile, '');
const jestBin = join(import.meta.dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawn(process.execPath, [jestBin, '--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)], {
  stdio: ['inherit', 'pipe', 'pipe'],
  env: {
    NOMOS_TEST_SECRETS_FILE: secretsFile,
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
    NOMOS_TEST_PG: pgUp ? '1' : '0',
    NOMOS_TEST_BROWSER: browserUp ? '1' : '0',
    NOMOS_TEST_CHROMIUM: chromium,
  },
});
const output = [];
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
  from.on('data', (chunk) => {
    output.push(chunk);
    to.write(chunk);
  });
}
let code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

const captured = Buffer.concat(output).toString('utf8');
const KINDS = { credential: 'credentials', session: 'session cookies/ids', 'saml-response': 'SAML response values' };
const ledger = new Map();
for (const line of readFileSync(secretsFile, 'utf8').split('\n')) {
  const tab = line.indexOf('\t');
  const [kind, value] = tab === -1 ? ['credential', line] : [line.slice(0, tab), line.slice(tab + 1)];
  if (value.length >= 8 && !ledger.has(value)) ledger.set(value, KINDS[kind] ? kind : 'credential');
}
const secrets = [...ledger.keys()];
const leaked = secrets.filter((s) => captured.includes(s));
const byKind = (values) =>
  Object.entries(KINDS).map(([kind, label]) => `${values.filter((v) => ledger.get(v) === kind).length} ${label}`).join(', ');
const logCheck = leaked.length
  ? `log check: FAILED, ${leaked.length} of ${secrets.length} secrets issued during the run appear in its output (${byKind(leaked)})`
  : `log check: none of the ${secrets.length} secrets issued during the run (${byKind(secrets)}) appear in its output`;
if (leaked.length) code = 1;

let summary = 'no result file';
try {
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  summary = `${r.numPassedTests} passed, ${r.numFailedTests + (leaked.length ? 1 : 0)} failed, ${skipped} skipped`;
  if (r.numTotalTests === 0) summary += ' (no test ran)';
} catch {}
rmSync(dir, { recursive: true, force: true });
for (const line of legs) console.log(`[npm test] ${line}`);
console.log(`[npm test] ${logCheck}`);
console.log(`tests: ${summary}`);
process.exit(code);
