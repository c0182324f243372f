// Which legs can run on this machine. The runner decides once and passes the decision on
// (NOMOS_TEST_PG, NOMOS_TEST_BROWSER, NOMOS_TEST_CHROMIUM); suites never decide for themselves.
import { existsSync } from 'node:fs';
import pg from 'pg';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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

export async function detectLegs(env) {
  const pgUrl = env.NOMOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const shownUrl = pgUrl.replace(/\/\/[^@]*@/, '//');
  const pgUp = env.NOMOS_TEST_PG === '0' ? false : await postgresAnswers(pgUrl);
  const chromium = env.NOMOS_TEST_CHROMIUM || DEFAULT_CHROMIUM;
  const browserUp = env.NOMOS_TEST_BROWSER === '0' ? false : existsSync(chromium);
  const lines = [
    pgUp
      ? `PostgreSQL leg: runs against ${shownUrl}`
      : `PostgreSQL leg: SKIPPED (no PostgreSQL answered at ${shownUrl}; set NOMOS_TEST_PG_URL)`,
    browserUp
      ? `Browser leg: runs with ${chromium}`
      : `Browser leg: SKIPPED (no Chromium at ${chromium}; on Debian: apt-get install chromium)`,
  ];
  return {
    pgUp,
    browserUp,
    chromium,
    lines,
    env: { NOMOS_TEST_PG: pgUp ? '1' : '0', NOMOS_TEST_BROWSER: browserUp ? '1' : '0', NOMOS_TEST_CHROMIUM: chromium },
  };
}

/** What the browser suites reported through the ledger; on CI a skipped one is a failure. */
export function browserGate(reports, browserUp, onCi) {
  const skipped = reports.filter((r) => r.state === 'skipped');
  const ran = reports.length - skipped.length;
  const line = skipped.length
    ? `Browser suites: ${skipped.length} SKIPPED (${[...new Set(skipped.map((r) => r.reason))].join('; ')}), ${ran} ran`
    : `Browser suites: ${ran} ran`;
  const failure =
    skipped.length && (onCi || browserUp)
      ? `${skipped.length} browser suite${skipped.length === 1 ? '' : 's'} skipped` +
        (onCi ? ' on CI' : ' although the leg runs')
      : undefined;
  return { line, failure };
}
