import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSecretsForRunner } from '../support/log-capture.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SUMMARY = /^tests: (\d+) passed, (\d+) failed, (\d+) skipped(?: \((.*)\))?$/m;

interface RunnerResult {
  code: number;
  output: string;
  summary: { passed: number; failed: number; skipped: number; note: string };
}

/** scripts/test.mjs over planted-fault fixtures (test/runner/fixtures, their own Jest config). */
async function runner(args: string[], env: Record<string, string> = {}): Promise<RunnerResult> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'test.mjs'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CI: '',
      NOMOS_TEST_PG: '0',
      NOMOS_TEST_BROWSER: '0',
      NOMOS_TEST_JEST_CONFIG: join(ROOT, 'test', 'runner', 'jest.fixtures.config.js'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const output = Buffer.concat(chunks).toString('utf8');
  const m = SUMMARY.exec(output);
  if (!m) throw new Error(`no summary line in:\n${output}`);
  return {
    code,
    output,
    summary: { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]), note: m[4] ?? '' },
  };
}

const leaks = (name: string) => runner(['test/runner/fixtures/leaks.fixture.ts', '-t', `^${name}:`]);

describe('scripts/test.mjs: the summary line', () => {
  it('a failing afterAll makes it say failed, and names the suite', async () => {
    const r = await runner(['test/runner/fixtures/failing-after-all.fixture.ts']);
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ passed: 1, failed: 1, note: '1 suite failed outside its tests' });
    expect(r.output).toMatch(
      /suite failed outside its tests: test\/runner\/fixtures\/failing-after-all\.fixture\.ts: .*planted afterAll failure/,
    );
  });

  it('a suite that does not import makes it say failed', async () => {
    const r = await runner(['test/runner/fixtures/import-error.fixture.ts']);
    expect(r.code).toBe(1);
    expect(r.summary.failed).toBe(1);
    expect(r.summary.note).toContain('1 suite failed outside its tests');
    expect(r.output).toMatch(/suites: 1 ran, 1 failed/);
  });

  it('prints how many tests exercise the package and how many check the test support', async () => {
    const r = await leaks('clean');
    expect(r.output).toContain(
      'tests that exercise the package: 0; ' +
        'tests that check the test support (src/testing/**, test/support/**, test/runner/**): 1',
    );
    expect(r.summary).toEqual({ passed: 1, failed: 0, skipped: 5, note: '' });
    expect(r.code).toBe(0);
  });
});

describe('scripts/test.mjs: the whole-run log check', () => {
  it.each(['basic', 'urlencoded', 'session', 'prefix'])('a planted %s leak fails the run', async (name) => {
    const r = await leaks(name);
    expect(r.output).toMatch(/log check: FAILED, [1-9]\d* of \d+ secrets issued during the run appear in its output/);
    expect(r.summary).toMatchObject({ passed: 1, failed: 1, note: 'log check' });
    expect(r.code).toBe(1);
  });

  it('a source that promised a registration and made none fails the run', async () => {
    const r = await leaks('unregistered');
    expect(r.output).toContain(
      'log check:   the leak fixture in test/runner/fixtures/leaks.fixture.ts ' +
        'was expected to register session cookies/ids and registered none',
    );
    expect(r.summary).toMatchObject({ failed: 1, note: 'log check' });
    expect(r.code).toBe(1);
  });

  it('an inherited NOMOS_TEST_SECRETS_FILE cannot point the check at another file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomos-runner-spec-'));
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    try {
      const r = await runner(['test/runner/fixtures/leaks.fixture.ts', '-t', '^basic:'], {
        NOMOS_TEST_SECRETS_FILE: empty,
        NOMOS_TEST_LEDGER_TOKEN: 'forged',
      });
      expect(r.output).toMatch(/log check: FAILED, 1 of 1 secrets/);
      expect(r.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the test helper refuses a ledger the runner did not create for this run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomos-runner-spec-'));
    const saved = { file: process.env.NOMOS_TEST_SECRETS_FILE, token: process.env.NOMOS_TEST_LEDGER_TOKEN };
    try {
      process.env.NOMOS_TEST_SECRETS_FILE = join(dir, 'stale.txt');
      writeFileSync(process.env.NOMOS_TEST_SECRETS_FILE, 'nomos-test-ledger v1\tsome-other-run\n');
      expect(() => recordSecretsForRunner(['sec_0123456789abcdef'])).toThrow(
        /is not the ledger scripts\/test\.mjs created for this run/,
      );
    } finally {
      for (const [name, value] of [
        ['NOMOS_TEST_SECRETS_FILE', saved.file],
        ['NOMOS_TEST_LEDGER_TOKEN', saved.token],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the browser gate (test/example/browser.ts)', () => {
  const names = ['CI', 'NOMOS_TEST_BROWSER', 'NOMOS_TEST_CHROMIUM'] as const;
  let saved: Array<string | undefined> = [];
  beforeEach(() => (saved = names.map((n) => process.env[n])));
  afterEach(() =>
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i]))),
  );

  it('launches the Chromium the runner chose (NOMOS_TEST_CHROMIUM), no other', async () => {
    const { chromiumExecutable } = await import('../example/browser.js');
    process.env.NOMOS_TEST_CHROMIUM = '/opt/elsewhere/chromium';
    expect(chromiumExecutable()).toBe('/opt/elsewhere/chromium');
    delete process.env.NOMOS_TEST_CHROMIUM;
    expect(() => chromiumExecutable()).toThrow(/NOMOS_TEST_CHROMIUM is unset/);
  });

  it('on CI a browser suite that would skip throws instead', async () => {
    const { browserSkipReason } = await import('../example/browser.js');
    process.env.CI = 'true';
    process.env.NOMOS_TEST_BROWSER = '0';
    expect(() => browserSkipReason()).toThrow(/CI=true and this browser suite would be skipped: NOMOS_TEST_BROWSER=0/);
  });
});
