// `npm run bench`: load on the mint path (GET /portal) through a real Nest app, a real database and
// the Nomos emulator on loopback; prints throughput, latency, CPU and memory per request, and checks
// the audit invariant under load. Figures, not pass/fail: machines differ.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { nomosPortalMigrations } from '../migrations/index.js';
import { AuditService, CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../src/index.js';
import { DEMO_CUSTOMERS, NomosEmulator, testClientSecret } from '../src/testing/index.js';

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => Promise<AutocannonResult>;
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const databaseUrl = process.env.BENCH_DATABASE_URL; // postgres://… to bench PostgreSQL instead of SQLite

async function main(): Promise<void> {
  const clientSecret = testClientSecret();
  // Measures the package's own cost per mint, far above the documented 10 requests per second a real
  // Nomos client may send (it would answer most of this load 429): a limit above the load keeps the
  // figures about the package. Rate-limited behaviour is asserted in test/concurrency/rate-limit.e2e-spec.ts.
  const emulator = new NomosEmulator({
    clientId: 'bench',
    clientSecret,
    customers: [...DEMO_CUSTOMERS],
    rateLimit: { limit: 1_000_000, windowSec: 1 },
  });
  await emulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'nomos-bench-'));
  const database = databaseUrl
    ? ({ type: 'postgres', url: databaseUrl } as const)
    : ({ type: 'better-sqlite3', database: join(dir, 'bench.sqlite'), enableWAL: true } as const);

  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...database,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
        logging: false,
      }),
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: { baseUrl: emulator.apiUrl, clientId: 'bench', clientSecret },
        portal: { allowedLinkHosts: ['*.customerportal.localhost'] },
      }),
    ],
  })
  class BenchModule {}

  const app: INestApplication = await NestFactory.create(BenchModule, { logger: ['error'] });
  // The host's own sign-in, reduced to a header: the bench measures the mint path, not SAML.
  app.use((request: Request & { user?: unknown }, _response: Response, next: NextFunction) => {
    request.user = { id: 'bench-user' };
    next();
  });
  await app.listen(0, '127.0.0.1');
  await app.get(CustomerLinkService).link('bench-user', DEMO_CUSTOMERS[0].id);
  const url = await app.getUrl();

  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ url: `${url}/portal`, connections, duration: seconds });
  const cpu = process.cpuUsage(cpuBefore);
  const memory = process.memoryUsage();

  // autocannon stops counting at the deadline while some requests are still in flight: let them land.
  for (let last = -1; last !== emulator.counters.mintRequests;) {
    last = emulator.counters.mintRequests;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let issued = 0;
  let after: string | undefined;
  do {
    const page = await app.get(AuditService).query({ outcome: 'issued', limit: 500, after });
    issued += page.items.length;
    after = page.next;
  } while (after);
  const redirects = result.statusCodeStats['302']?.count ?? 0;

  const perRequestUs = ((cpu.user + cpu.system) / Math.max(1, result.requests.total)).toFixed(0);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(
    `mint path, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${connections} connections, ${seconds} s` +
      ' (app, emulator and load generator share this process)',
  );
  console.log(
    `  requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), 302s: ${redirects}, ` +
      `errors: ${result.errors}, timeouts: ${result.timeouts}`,
  );
  console.log(
    `  latency ms: p50 ${result.latency.p50}, p97.5 ${result.latency.p97_5}, p99 ${result.latency.p99}, ` +
      `max ${result.latency.max}`,
  );
  console.log(
    `  CPU per request (whole process): ${perRequestUs} µs; ` +
      `RSS ${mib(memory.rss)} MiB, heap ${mib(memory.heapUsed)} MiB`,
  );
  console.log(
    `  invariant: mints at Nomos ${emulator.counters.mintRequests} = issued audit rows ${issued} ` +
      `(redirects counted before the deadline: ${redirects}); token requests ${emulator.counters.tokenRequests}`,
  );

  await app.close();
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
  if (emulator.counters.mintRequests !== issued || redirects > issued) process.exitCode = 1;
}

await main();
