import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSourceOptions } from 'typeorm';
import type { TestDatabase } from '../support/databases.js';
import { createTestDatabase } from '../support/databases.js';
import { LogCapture, recordSecretsForRunner } from '../support/log-capture.js';
import { NomosEmulator, testClientSecret } from '../../src/testing/index.js';
import { CUSTOMERS } from '../support/portal-app.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { SESSION_SECRET, startSamlApp, testIdp } from '../support/saml-app.js';
import { sessionMaterial } from '../support/session-material.js';

/** A SAML app on its own database, with every SQL statement it runs recorded (SQLite). */
export interface LockEnv {
  db: TestDatabase;
  app: SamlTestApp;
  idp: ReturnType<typeof testIdp>;
  logs: LogCapture;
  /** Statements the app's DataSource ran, in order. */
  statements: string[];
  /** Closes everything; returns secrets found in the logs. */
  close(): Promise<string[]>;
}

export async function lockEnv(
  kind: TestDatabase['kind'],
  extraOptions: Partial<DataSourceOptions> = {},
): Promise<LockEnv> {
  const logs = new LogCapture().start();
  const clientSecret = testClientSecret(12);
  const emulator = new NomosEmulator({ clientId: 'portal-test', clientSecret, customers: CUSTOMERS });
  await emulator.start();
  const base = await createTestDatabase(kind);
  const statements: string[] = [];
  // better-sqlite3 calls `verbose` with each statement as it runs it; on PostgreSQL, TypeORM's
  // query logger sees each one before it is sent (parameters are not kept).
  const record = (sql: string) => void statements.push(sql);
  const quiet = () => undefined;
  const recording =
    kind === 'sqlite'
      ? { verbose: record }
      : {
          logging: ['query'] as const,
          logger: {
            logQuery: record,
            logQueryError: quiet,
            logQuerySlow: quiet,
            logSchemaBuild: quiet,
            logMigration: quiet,
            log: quiet,
          },
        };
  const db = { ...base, options: { ...base.options, ...recording, ...extraOptions } as DataSourceOptions };
  const idp = testIdp();
  const app = await startSamlApp({ db, emulator, clientSecret, idp });
  return {
    db,
    app,
    idp,
    logs,
    statements,
    async close() {
      await app.close();
      await emulator.stop();
      await base.drop();
      logs.stop();
      const secrets = [
        clientSecret,
        SESSION_SECRET,
        ...emulator.issuedTokens(),
        ...emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
      ];
      recordSecretsForRunner(secrets);
      return logs.leaks([...secrets, ...sessionMaterial()]);
    },
  };
}

/** Writes among `statements` (what a locked database would make wait). */
export const writesIn = (statements: string[]) =>
  statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql));

/** A second process holding SQLite's lock on `file` until `release()`. */
export async function holdSqliteLock(
  file: string,
  mode: 'IMMEDIATE' | 'EXCLUSIVE',
): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'hold-sqlite-lock.mjs'), file, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/**
 * Runs `work` and reports the longest the event loop was blocked meanwhile: the widest gap between
 * ticks of a 10 ms timer, the gap still open when `work` ends included. better-sqlite3 waits for a
 * lock synchronously, so such a wait shows up here as one long gap.
 */
export async function loopBlockedDuring<T>(work: () => Promise<T>): Promise<{ result: T; longestBlockMs: number }> {
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(tick, 10);
  try {
    const result = await work();
    tick();
    return { result, longestBlockMs: longest };
  } finally {
    clearInterval(timer);
  }
}

/** node-postgres connection parameters the README recommends (`extra` of the host's DataSource). */
export const POSTGRES_TIMEOUTS = { lock_timeout: 2000, statement_timeout: 5000 };
