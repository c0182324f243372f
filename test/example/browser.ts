import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it (Playwright's own download cannot work here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser suites cannot run on this machine, or `undefined` when they can. */
export function browserSkipReason(): string | undefined {
  if (process.env.NOMOS_TEST_BROWSER === '0') return 'NOMOS_TEST_BROWSER=0 (Chromium not installed)';
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found`;
  return undefined;
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
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
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
