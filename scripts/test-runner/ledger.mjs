// The run's ledger: suites append what they saw issued (test/support/runner-ledger.ts); the runner
// reads it after Jest ends. Its first line carries a per-run token the runner passes in
// NOMOS_TEST_LEDGER_TOKEN, so the test helper refuses any file this run did not create.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LEDGER_HEADER = 'nomos-test-ledger v1';
export const KINDS = {
  credential: 'credentials',
  session: 'session cookies/ids',
  'saml-response': 'SAML response values',
};

/** Creates the ledger in `dir`; returns its path, token and the env entries the runner sets LAST. */
export function createLedger(dir) {
  const path = join(dir, 'secrets.txt');
  const token = randomBytes(16).toString('hex');
  writeFileSync(path, `${LEDGER_HEADER}\t${token}\n`, { mode: 0o600 });
  return { path, token, env: { NOMOS_TEST_SECRETS_FILE: path, NOMOS_TEST_LEDGER_TOKEN: token } };
}

/**
 * Reads the ledger: `secret<TAB>kind<TAB>source<TAB>value`, `expect<TAB>kind<TAB>source<TAB>label`
 * and `browser<TAB>runs|skipped<TAB>file<TAB>reason` lines. Anything else (a rewritten header,
 * an unknown line) is a problem: the check cannot vouch for a ledger it cannot read.
 */
export function readLedger(path, token) {
  const secrets = new Map();
  const bySource = new Set();
  const expectations = [];
  const browser = [];
  const problems = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[0] !== `${LEDGER_HEADER}\t${token}`) problems.push("the ledger does not start with this run's header");
  for (const [n, line] of lines.slice(1).entries()) {
    if (line === '') continue;
    const [type, a, b, ...rest] = line.split('\t');
    const c = rest.join('\t');
    if (type === 'secret' && KINDS[a] && b && c) {
      if (c.length >= 8 && !secrets.has(c)) secrets.set(c, a);
      bySource.add(`${a}\t${b}`);
    } else if (type === 'expect' && KINDS[a] && b) expectations.push({ kind: a, source: b, label: c });
    else if (type === 'browser' && (a === 'runs' || a === 'skipped')) browser.push({ state: a, file: b, reason: c });
    else problems.push(`ledger line ${n + 2} unreadable`);
  }
  const unmet = expectations.filter((e) => !bySource.has(`${e.kind}\t${e.source}`));
  return { secrets, expectations, unmet, browser, problems };
}
