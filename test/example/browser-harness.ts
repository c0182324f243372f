import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { NOMOS_PORTAL_OPTIONS, type ResolvedNomosPortalOptions } from '../../src/nomos-portal.options.js';
import { startExample, type RunningExample } from '../../example/start-example.js';
import { LogCapture, ledgerSource } from '../support/log-capture.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { freePort } from './free-port.js';

/** The example on embedded defaults (temp SQLite, free ports) and a Chromium page watching it. */
export interface ExampleInBrowser {
  running: RunningExample;
  browser: TestBrowser;
  page: Page;
  /** The example's origin, `http://127.0.0.1:<port>`. */
  base: string;
  /** Console messages about Content Security Policy violations. */
  cspViolations: string[];
  /** Paths the browser requested from the example, redirects included. */
  requestedPaths: string[];
  /** Closes everything; returns how many credentials issued during the run appeared in the output. */
  close(): Promise<number>;
}

/** Starts the example in-process (the way `npm start` does) with `env` over test defaults, then Chromium. */
export async function startExampleInBrowser(env: Record<string, string> = {}): Promise<ExampleInBrowser> {
  const logs = new LogCapture().start();
  const ledger = ledgerSource('the example in a browser');
  ledger.expect('credential');
  const dataDir = mkdtempSync(join(tmpdir(), 'nomos-example-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const running = await startExample({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    DATABASE_URL: `sqlite:${join(dataDir, 'example.sqlite')}`,
    NOMOS_EMULATOR_PORT: '0',
    NOMOS_EMULATOR_PORTAL_PORT: '0',
    ...env,
  });
  const browser = await launchBrowser();
  const cspViolations: string[] = [];
  const requestedPaths: string[] = [];
  browser.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  browser.page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === base) requestedPaths.push(url.pathname);
  });
  return {
    running,
    browser,
    page: browser.page,
    base,
    cspViolations,
    requestedPaths,
    async close() {
      await browser.close();
      const { clientSecret } = running.app.get<ResolvedNomosPortalOptions>(NOMOS_PORTAL_OPTIONS).nomos;
      const issued = running.emulator?.issuedLinks() ?? [];
      const secrets = [
        ...[running.config.sessionSecret.value].flat(),
        clientSecret,
        ...(running.emulator?.issuedTokens() ?? []),
        ...issued.flatMap((l) => [l.link, l.tokenHash]),
      ];
      await running.close();
      logs.stop();
      rmSync(dataDir, { recursive: true, force: true });
      ledger.record(secrets);
      return logs.leaks(secrets).length;
    },
  };
}
