// `npm run bench:hostile`: invariant 7 measured. Starts a real app (SAML on, SQLite, the Nomos
// emulator, the independent test IdP's metadata), sends a corpus of hostile inputs to each
// unauthenticated route one request at a time, and prints per route the worst CPU time, the worst
// event-loop delay and the worst RSS growth of one request. Targets: ≤ 20 ms CPU, ≤ 50 ms loop
// delay, ≤ 16 MB. App and client share this process, so the CPU figure includes the client's part.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { performance as nodePerformance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { nomosPortalMigrations } from '../migrations/index.js';
import { NomosPortalModule, nomosPortalEntities } from '../src/index.js';
import { DEMO_CUSTOMERS, NomosEmulator } from '../test/support/nomos-emulator/index.js';
import { TestIdp } from '../test/support/test-idp/test-idp.js';
import { base64, hostileXml, lineBreakRun, logoutRequestXml, redirectMessage, responseXml } from '../test/saml-bounds/hostile-corpus.js';

// A full GC before each request keeps RSS figures comparable; without --no-flush-bytecode it would also
// drop compiled code and make every request pay for recompilation.
setFlagsFromString('--expose-gc');
setFlagsFromString('--no-flush-bytecode');
const gc = runInNewContext('gc') as () => void;

const BASE = 'http://localhost:4410';
const LOGOUT_URL = `${BASE}/auth/saml/logout`;
/** Per-request targets; `busyMs` is the main thread's share of `cpuMs` (event-loop active time). */
const TARGET = { cpuMs: 20, busyMs: 20, loopMs: 50, rssMb: 16 };
const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 3);
const WARM_UP_ROUNDS = Number(process.env.BENCH_HOSTILE_WARM_UP ?? 5);

interface HostileRequest { route: string; name: string; method: 'GET' | 'POST' | 'HEAD'; path: string; body?: Buffer; headers?: Record<string, string> }
interface Measure { cpuMs: number; busyMs: number; loopMs: number; rssMb: number; status: number }

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const pathOf = (url: string) => url.slice(url.indexOf('/', 8));

function corpus(idp: TestIdp): HostileRequest[] {
  const issuer = idp.endpoints.entityId;
  const logout = (inner: string) => logoutRequestXml(LOGOUT_URL, issuer, inner);
  const shapes: Array<[string, (wrap: (inner: string) => string) => string]> = [
    ['deep nesting (5,000)', (w) => hostileXml.deepNesting(w, 5000)],
    ['20,000 elements', (w) => hostileXml.manyElements(w, 15_000)],
    ['5,000 attributes', (w) => hostileXml.manyAttributes(w, 5000)],
    ['2,000 namespaces', (w) => hostileXml.manyNamespaces(w, 2000)],
    ['DOCTYPE entity expansion', (w) => hostileXml.entityExpansion(w)],
    // Just within every cap: what reaches node-saml's parsers (and, for a logout, its signature check).
    ['largest shape-valid', (w) => w('<a/>'.repeat(w === responseXml ? 508 : 60))],
  ];
  const gzipBomb = gzipSync(Buffer.alloc(50_000_000, 'A'));
  const posts = (route: string, path: string, field: string, wrap: (inner: string) => string): HostileRequest[] => [
    ...shapes.map(([name, make]): HostileRequest => ({ route, name, method: 'POST', path, body: form({ [field]: base64(make(wrap)) }), headers: formHeaders })),
    { route, name: 'non-base64', method: 'POST', path, body: form({ [field]: '%%%<x/>!!' }), headers: formHeaders },
    { route, name: 'line-break run (30,000)', method: 'POST', path, body: form({ [field]: lineBreakRun() }), headers: formHeaders },
    { route, name: 'oversize body (1 MB)', method: 'POST', path, body: form({ [field]: 'A'.repeat(1_000_000) }), headers: formHeaders },
    { route, name: 'gzip bomb body (50 MB inflated)', method: 'POST', path, body: gzipBomb, headers: { ...formHeaders, 'content-encoding': 'gzip' } },
  ];
  const redirects = (name: string, xml: string, key: 'A' | 'attacker' | 'unsigned'): HostileRequest =>
    ({ route: 'GET /auth/saml/logout', name, method: 'GET', path: pathOf(redirectMessage(LOGOUT_URL, xml, key)) });
  const bomb = hostileXml.bomb(logout, 8_000_000);
  const bigQuery = `?returnTo=${'/x'.repeat(3000)}&${Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')}`;
  return [
    { route: 'GET /auth/saml/login', name: 'plain', method: 'GET', path: '/auth/saml/login' },
    { route: 'GET /auth/saml/login', name: 'long returnTo, 500 parameters', method: 'GET', path: `/auth/saml/login${bigQuery}` },
    ...posts('POST /auth/saml/acs', '/auth/saml/acs', 'SAMLResponse', responseXml),
    redirects('compression bomb, forged signature', bomb, 'attacker'),
    redirects('compression bomb, unsigned', bomb, 'unsigned'),
    redirects('compression bomb, IdP-signed', bomb, 'A'),
    redirects('deep nesting, forged signature', hostileXml.deepNesting(logout, 5000), 'attacker'),
    redirects('deep nesting, IdP-signed', hostileXml.deepNesting(logout, 2000), 'A'),
    redirects('2,000 namespaces, IdP-signed', hostileXml.manyNamespaces(logout, 400), 'A'),
    { route: 'GET /auth/saml/logout', name: 'bare GET', method: 'GET', path: '/auth/saml/logout' },
    { route: 'GET /auth/saml/logout', name: 'unknown continuation', method: 'GET', path: '/auth/saml/logout?continue=_slo_00000000000000000000000000000000' },
    ...posts('POST /auth/saml/logout', '/auth/saml/logout', 'SAMLRequest', logout),
    { route: 'POST /auth/saml/logout', name: 'cross-site sign-out', method: 'POST', path: '/auth/saml/logout', headers: { 'sec-fetch-site': 'cross-site' } },
    { route: 'GET /auth/saml/metadata', name: 'plain', method: 'GET', path: '/auth/saml/metadata' },
    { route: 'GET /auth/saml/metadata', name: '500 parameters', method: 'GET', path: `/auth/saml/metadata${bigQuery}` },
    { route: 'GET /portal (signed out)', name: 'plain', method: 'GET', path: '/portal', headers: { accept: 'text/html' } },
    { route: 'GET /portal (signed out)', name: 'long returnTo, 500 parameters', method: 'GET', path: `/portal${bigQuery}`, headers: { accept: 'text/html' } },
    { route: 'GET /portal (signed out)', name: 'forged session cookie', method: 'GET', path: '/portal', headers: { cookie: `nomos.sid=s%3A${'x'.repeat(4000)}.sig` } },
  ];
}

function send(port: number, r: HostileRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** One request, measured: CPU of the whole process, the longest timer lag, the peak RSS above the start. */
async function measure(port: number, r: HostileRequest): Promise<Measure> {
  if (!process.env.BENCH_NO_GC) gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const rss0 = process.memoryUsage.rss();
  let peak = rss0;
  let last = performance.now();
  let lag = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - last - 1);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 1);
  const cpu0 = process.cpuUsage();
  const elu0 = nodePerformance.eventLoopUtilization();
  const status = await send(port, r);
  const cpu = process.cpuUsage(cpu0);
  const elu = nodePerformance.eventLoopUtilization(elu0);
  const now = performance.now();
  lag = Math.max(lag, now - last - 1);
  peak = Math.max(peak, process.memoryUsage.rss());
  clearInterval(probe);
  return { cpuMs: (cpu.user + cpu.system) / 1000, busyMs: elu.active, loopMs: Math.max(0, lag), rssMb: (peak - rss0) / 2 ** 20, status };
}

async function main(): Promise<void> {
  const emulator = new NomosEmulator({ clientId: 'bench', clientSecret: 'bench-secret-0123456789', customers: [...DEMO_CUSTOMERS] });
  await emulator.start();
  const idp = new TestIdp({ sp: { entityId: `${BASE}/saml`, acsUrl: `${BASE}/auth/saml/acs`, sloUrl: LOGOUT_URL } });
  const dir = mkdtempSync(join(tmpdir(), 'nomos-hostile-'));

  @Module({
    imports: [
      TypeOrmModule.forRoot({ type: 'better-sqlite3', database: join(dir, 'bench.sqlite'), enableWAL: true, entities: nomosPortalEntities, migrations: nomosPortalMigrations, migrationsRun: true, logging: false }),
      NomosPortalModule.forRoot({
        nomos: { baseUrl: emulator.apiUrl, clientId: 'bench', clientSecret: 'bench-secret-0123456789' },
        portal: { allowedLinkHosts: ['*.customerportal.localhost'] },
        saml: {
          idp: { metadataXml: idp.metadataXml() },
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
  const port = (app.getHttpServer().address() as { port: number }).port;
  const only = process.env.BENCH_HOSTILE_ONLY; // a substring of "route case", to look at one row
  const requests = corpus(idp).filter((r) => !only || `${r.route} ${r.name}`.includes(only));

  // Warm-up: V8 compiles hot paths on background threads, which process.cpuUsage() counts too.
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const r of requests) await send(port, r);
  const rows = new Map<string, { worst: Record<keyof typeof TARGET, [number, string]>; statuses: Set<number>; cases: number }>();
  for (const r of requests) {
    const row = rows.get(r.route) ?? { worst: { cpuMs: [0, ''], busyMs: [0, ''], loopMs: [0, ''], rssMb: [0, ''] }, statuses: new Set<number>(), cases: 0 };
    row.cases++;
    for (let run = 0; run < RUNS; run++) {
      const m = await measure(port, r);
      if (process.env.BENCH_HOSTILE_VERBOSE) console.log(`${r.route} ${r.name}: ${m.cpuMs.toFixed(1)} ms CPU, ${m.busyMs.toFixed(1)} ms busy, ${m.loopMs.toFixed(1)} ms lag, ${m.rssMb.toFixed(1)} MB, ${m.status}`);
      row.statuses.add(m.status);
      for (const key of Object.keys(TARGET) as Array<keyof typeof TARGET>) {
        if (m[key] > row.worst[key][0]) row.worst[key] = [m[key], r.name];
      }
    }
    rows.set(r.route, row);
  }

  const over: string[] = [];
  console.log(`hostile inputs, one request at a time, worst of ${RUNS} runs per case (Node ${process.version}, SQLite; app and client in one process)\n`);
  console.log('| route | cases | worst CPU ms, whole process (case) | worst main-thread busy ms (case) | worst loop delay ms (case) | worst RSS growth MB (case) | statuses |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [route, { worst, statuses, cases }] of rows) {
    const cell = (key: keyof typeof TARGET) => {
      const [value, name] = worst[key];
      if (value > TARGET[key]) over.push(`${route} ${key} ${value.toFixed(1)} (${name})`);
      return `${value.toFixed(1)} (${name || '—'})`;
    };
    console.log(`| ${route} | ${cases} | ${cell('cpuMs')} | ${cell('busyMs')} | ${cell('loopMs')} | ${cell('rssMb')} | ${[...statuses].sort().join(', ')} |`);
  }
  console.log(`\ntargets: ≤ ${TARGET.cpuMs} ms CPU (process and main thread), ≤ ${TARGET.loopMs} ms loop delay, ≤ ${TARGET.rssMb} MB per request: ${over.length === 0 ? 'all routes within' : `OVER: ${over.join('; ')}`}`);

  await app.close();
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
  if (over.length > 0) process.exitCode = 1;
}

await main();
