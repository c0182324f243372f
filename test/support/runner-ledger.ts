import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, openSync, readSync } from 'node:fs';

/** What a recorded secret is, for the runner's summary line. */
export type SecretKind = 'credential' | 'session' | 'saml-response';

/** Must match scripts/test-runner/ledger.mjs. */
const LEDGER_HEADER = 'nomos-test-ledger v1';
let verified: string | undefined;

/**
 * The ledger scripts/test.mjs created for this run, or `undefined` outside `npm test`. A file whose
 * first line is not the header with this run's token (NOMOS_TEST_LEDGER_TOKEN) is refused: an
 * inherited NOMOS_TEST_SECRETS_FILE must not make the log check search an empty or stale file.
 */
function ledgerPath(): string | undefined {
  const path = process.env.NOMOS_TEST_SECRETS_FILE;
  const token = process.env.NOMOS_TEST_LEDGER_TOKEN;
  if (!path && !token) return undefined;
  if (path && path === verified) return path;
  let first = '';
  try {
    const fd = openSync(path ?? '', 'r');
    const buffer = Buffer.alloc(LEDGER_HEADER.length + 80);
    first = buffer
      .subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
      .toString('utf8')
      .split('\n')[0];
    closeSync(fd);
  } catch {
    // No readable file: `first` stays empty and the check below refuses it, saying how to run the suites.
  }
  if (!token || first !== `${LEDGER_HEADER}\t${token}`) {
    throw new Error(
      `NOMOS_TEST_SECRETS_FILE=${path ?? ''} is not the ledger scripts/test.mjs created for this run; ` +
        'run the suites with npm test',
    );
  }
  verified = path;
  return path;
}

function append(lines: string[]): void {
  const path = ledgerPath();
  if (path && lines.length) appendFileSync(path, lines.join(''));
}

/** The test file running now (for the runner's messages). */
function testFile(): string {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath?.replace(`${process.cwd()}/`, '') ?? 'a suite';
}

/** A registration source: the runner requires at least one secret of each kind it {@link expect}s. */
export interface LedgerSource {
  readonly id: string;
  /** Promises the runner this source will register at least one secret of `kind` (once per kind). */
  expect(kind: SecretKind): void;
  record(secrets: Iterable<string>, kind?: SecretKind): void;
}

/**
 * A source for the app or IdP a factory started (`what` names it in the runner's messages). Start
 * a source where the thing is created and {@link LedgerSource.expect} what it must issue; a suite
 * that later stops recording (a refactor, a broken parser) then fails the run instead of passing
 * with fewer secrets searched.
 */
export function ledgerSource(what: string): LedgerSource {
  const id = randomBytes(6).toString('hex');
  const label = `${what} in ${testFile()}`.replace(/[\t\n]/g, ' ');
  const promised = new Set<SecretKind>();
  return {
    id,
    expect(kind) {
      if (promised.has(kind)) return;
      promised.add(kind);
      append([`expect\t${kind}\t${id}\t${label}\n`]);
    },
    record(secrets, kind = 'credential') {
      recordSecretsForRunner(secrets, kind, this);
    },
  };
}

/**
 * Hands secrets a suite saw issued (credentials; session cookies and ids; SAML responses and the
 * ids inside them) to the test runner, which searches the whole run's output for them and their
 * encodings after Jest ends (see scripts/test.mjs). A no-op outside `npm test`.
 */
export function recordSecretsForRunner(
  secrets: Iterable<string>,
  kind: SecretKind = 'credential',
  source?: LedgerSource,
): void {
  const from = source?.id ?? '-';
  append([...secrets].filter((s) => s.length >= 8 && !/[\t\n]/.test(s)).map((s) => `secret\t${kind}\t${from}\t${s}\n`));
}

/** Tells the runner whether this browser suite runs or skips (it fails a run on CI with a skipped one). */
export function reportBrowserSuite(skipReason: string | undefined): void {
  append([
    `browser\t${skipReason ? 'skipped' : 'runs'}\t${testFile()}\t${(skipReason ?? '').replace(/[\t\n]/g, ' ')}\n`,
  ]);
}
