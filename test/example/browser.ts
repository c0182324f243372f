import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { reportBrowserSuite } from '../support/runner-ledger.js';

/**
 * The one browser gate. scripts/test.mjs decides whether the browser leg runs and with which
 * Chromium (NOMOS_TEST_BROWSER, NOMOS_TEST_CHROMIUM; Debian's /usr/bin/chromium unless told
 * otherwise); every browser suite asks here and nowhere else, so the leg the runner reports is the
 * leg the suites run. On CI (CI=true) a browser suite that would skip throws instead: a skipped
 * browser suite fails the run there.
 */
export function browserSkipReason(): string | undefined {
  const reason =
    process.env.NOMOS_TEST_BROWSER === '0'
      ? "NOMOS_TEST_BROWSER=0 (no Chromium on this machine, see the runner's Browser leg line)"
      : process.env.NOMOS_TEST_BROWSER !== '1' || !process.env.NOMOS_TEST_CHROMIUM
        ? 'not run through npm test (NOMOS_TEST_BROWSER/NOMOS_TEST_CHROMIUM unset)'
        : undefined;
  if (reason && (process.env.CI === 'true' || process.env.CI === '1')) {
    throw new Error(`CI=true and this browser suite would be skipped: ${reason}`);
  }
  reportBrowserSuite(reason);
  return reason;
}

/** The Chromium the runner chose (only meaningful when {@link browserSkipReason} is undefined). */
export function chromiumExecutable(): string {
  const path = process.env.NOMOS_TEST_CHROMIUM;
  if (!path) throw new Error('NOMOS_TEST_CHROMIUM is unset: run the browser suites through npm test');
  return path;
}

/** A headless Chromium with a fresh profile, removed again by `close()`. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the project's flags and a throwaway user-data dir. The emulated portal
 * uses the self-signed development certificate, hence `--ignore-certificate-errors` (this profile only).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'nomos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
    ],
    viewport: { width: 1100, height: 760 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots land in `test-artifacts/<suite>/` (git-ignored), numbered in the order taken. */
export function screenshotter(suite: string): (page: Page, name: string) => Promise<void> {
  const dir = join(process.cwd(), 'test-artifacts', suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, name) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}
