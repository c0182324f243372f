// One replica of the fleet: a small Nest host with NomosPortalModule on the fleet's PostgreSQL (the
// package's migrations), real SAML trusting the harness's test IdP, sessions in the database. Run as
// a child process by replicas.ts; its configuration comes in NOMOS_FLEET_REPLICA (JSON, never logged).
// In `audit-check` mode it starts no server: it reconciles and verifies the audit, prints, and exits.
import 'reflect-metadata';
import { subscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ConsoleLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import * as portal from '../../src/index.js';
import { CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { auditCheck } from './audit-check.js';
import type { ReplicaConfig } from './fleet.types.js';

const config = JSON.parse(process.env.NOMOS_FLEET_REPLICA ?? '{}') as ReplicaConfig;
delete process.env.NOMOS_FLEET_REPLICA;

// Options of parts that may not exist in this build (pacing, the audit chain): the harness only
// sends them once the package has them, so they are passed through untyped.
const options = {
  ...config.extraOptions,
  nomos: {
    baseUrl: config.nomosUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...config.extraNomos,
  },
  // The per-person limit off: at full size each person clicks ~30 times a minute, and the proof is
  // about what reaches Nomos and the audit (test/person-limit covers the limit itself).
  portal: { allowedLinkHosts: ['*.customerportal.localhost'], personRateLimit: false },
  saml: {
    idp: { metadataXml: config.idpMetadataXml },
    sp: { entityId: config.spEntityId, baseUrl: config.spBaseUrl },
    acceptedClockSkewMs: 2000,
    session: { secret: config.sessionSecret, secureCookie: false },
    // All load comes from one loopback address (an office behind one NAT address, in effect).
    rateLimit: { limit: 1_000_000, ttlMs: 60_000 },
  },
} as Parameters<typeof NomosPortalModule.forRoot>[0];

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: config.databaseUrl,
      entities: nomosPortalEntities,
      migrations: nomosPortalMigrations,
      // The harness starts the first replica alone, so the migrations never race each other.
      migrationsRun: true,
      extra: { max: config.poolSize },
      logging: false,
    }),
    NomosPortalModule.forRoot(options),
  ],
})
class ReplicaModule {}

const logger = new ConsoleLogger({ prefix: config.name, logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] });
if (config.mode === 'audit-check') {
  const context = await NestFactory.createApplicationContext(ReplicaModule, { logger, abortOnError: false });
  const result = await auditCheck(context, portal);
  await context.close();
  console.log(`FLEET-AUDIT-CHECK ${JSON.stringify(result)}`);
} else {
  const app = await NestFactory.create<NestExpressApplication>(ReplicaModule, { logger, abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(config.port, '127.0.0.1');
  if (config.seed?.length) {
    const links = app.get(CustomerLinkService);
    for (const [person, customerId] of config.seed) {
      await links.link(person, customerId, { source: 'manual', createdBy: 'fleet-harness' });
    }
  }
  // The harness waits for this line on stdout.
  console.log(`FLEET-REPLICA-READY ${config.port}`);
  // Watched from here: start-up (compiling, migrations) is not what a paced call waits behind.
  watchSendDelays(new URL(config.nomosUrl).origin);
}

/**
 * What this replica sent Nomos and where a paced call lost time after its slot. `FLEET-WRITES [...]`
 * (every 100 ms) lists the moments requests to Nomos were written to their socket, on a clock all
 * processes of the machine share (`timeOrigin + now()`, ms): written in the same synchronous step as
 * the bytes, no stall of any process can move them, so the harness merges them into what the fleet
 * sent in any second. `FLEET-LATE <json>`, whenever a worst case grows: the longest wait between a
 * request handed to undici and its write (every connection busy), and this process's event-loop stalls.
 */
function watchSendDelays(nomosOrigin: string): void {
  const created = new WeakMap<object, number>();
  const worst = { poolWaitMs: 0, stallMs: 0, poolWaitsOver100: 0 };
  const report = () => console.log(`FLEET-LATE ${JSON.stringify(worst)}`);
  let writes: number[] = [];
  subscribe('undici:request:create', (message) =>
    created.set((message as { request: object }).request, performance.now()),
  );
  subscribe('undici:client:sendHeaders', (message) => {
    const { request } = message as { request: { origin?: unknown } };
    if (String(request.origin) !== nomosOrigin) return;
    writes.push(Math.round((performance.timeOrigin + performance.now()) * 10) / 10);
    const at = created.get(request);
    if (at === undefined) return;
    const waited = Math.round(performance.now() - at);
    if (waited > 100) worst.poolWaitsOver100++;
    if (waited > worst.poolWaitMs) {
      worst.poolWaitMs = waited;
      if (waited >= 20) report();
    }
  });
  setInterval(() => {
    if (writes.length === 0) return;
    console.log(`FLEET-WRITES ${JSON.stringify(writes)}`);
    writes = [];
  }, 100).unref();
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  setInterval(() => {
    const stallMs = Math.round(stalls.max / 1e6);
    if (stallMs > worst.stallMs + 10) {
      worst.stallMs = stallMs;
      report();
    }
  }, 1000).unref();
}
