// The app under `npm run bench:hostile`, in its own process so that what it measures is the app's
// own work: a real NomosPortalModule (SAML on, SQLite, the Nomos emulator, the test IdP's
// metadata). The parent asks `start` before each request and `stop` after it; the answer is this
// process's CPU time (all threads), event-loop active time, worst timer lag and peak RSS growth.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { nomosPortalMigrations } from '../migrations/index.js';
import { NomosPortalModule, nomosPortalEntities } from '../src/index.js';
import { DEMO_CUSTOMERS, NomosEmulator, testClientSecret, TestIdp } from '../src/testing/index.js';

/** The SP's public address (the app listens on a free loopback port; messages name this one). */
export const BASE = 'http://localhost:4410';
export const LOGOUT_URL = `${BASE}/auth/saml/logout`;
/** The independent test IdP both processes agree on (fixed endpoints and committed key A). */
export const benchIdp = () =>
  new TestIdp({ sp: { entityId: `${BASE}/saml`, acsUrl: `${BASE}/auth/saml/acs`, sloUrl: LOGOUT_URL } });

async function serve(): Promise<void> {
  const clientSecret = testClientSecret();
  // Measures hostile input on unauthenticated routes; the few mints it causes are not the subject, so a
  // limit above its load (the documented 10/s is asserted in test/concurrency/rate-limit.e2e-spec.ts).
  const emulator = new NomosEmulator({
    clientId: 'bench',
    clientSecret,
    customers: [...DEMO_CUSTOMERS],
    rateLimit: { limit: 1_000_000, windowSec: 1 },
  });
  await emulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'nomos-hostile-'));

  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: join(dir, 'bench.sqlite'),
        enableWAL: true,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
        logging: false,
      }),
      NomosPortalModule.forRoot({
        nomos: { baseUrl: emulator.apiUrl, clientId: 'bench', clientSecret },
        portal: { allowedLinkHosts: ['*.customerportal.localhost'] },
        saml: {
          idp: { metadataXml: benchIdp().metadataXml() },
          sp: { entityId: `${BASE}/saml`, baseUrl: BASE },
          session: { secret: 'bench-session-secret-0123456789abcdef', secureCookie: false },
          // Off, so that every hostile request reaches the parser path instead of a 429.
          rateLimit: false,
        },
      }),
    ],
  })
  class HostileBenchModule {}

  const app: INestApplication = await NestFactory.create(HostileBenchModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');

  // A 1 ms probe: the longest gap between its ticks is the worst event-loop delay; it also samples RSS.
  let last = performance.now();
  let lag = 0;
  let rss0 = process.memoryUsage.rss();
  let peak = rss0;
  setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - last - 1);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 1);
  let cpu0 = process.cpuUsage();
  let elu0 = performance.eventLoopUtilization();
  const gc = (globalThis as { gc?: () => void }).gc;

  // A plain callback (no async handler): a throw here must crash the bench, not become a lost rejection.
  process.on('message', (message: { type: string }) => {
    if (message.type === 'start') {
      // BENCH_HOSTILE_GC=1: a full GC first, for steadier RSS figures; it inflates the CPU figures (the
      // concurrent sweeping it starts lands in the measured window), so it is off by default.
      if (process.env.BENCH_HOSTILE_GC === '1') gc?.();
      setTimeout(() => {
        rss0 = peak = process.memoryUsage.rss();
        lag = 0;
        last = performance.now();
        cpu0 = process.cpuUsage();
        elu0 = performance.eventLoopUtilization();
        process.send!({ type: 'started' });
      }, 20);
    } else if (message.type === 'stop') {
      const cpu = process.cpuUsage(cpu0);
      const elu = performance.eventLoopUtilization(elu0);
      lag = Math.max(lag, performance.now() - last - 1);
      peak = Math.max(peak, process.memoryUsage.rss());
      process.send!({
        type: 'measured',
        cpuMs: (cpu.user + cpu.system) / 1000,
        busyMs: elu.active,
        loopMs: Math.max(0, lag),
        rssMb: (peak - rss0) / 2 ** 20,
      });
    }
  });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => emulator.stop())
      .finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  process.send!({ type: 'ready', port: (app.getHttpServer().address() as { port: number }).port });
}

if (process.send) await serve();
