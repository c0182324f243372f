// `npm run bench:hostile`: invariant 7 measured. Starts a real app (SAML on, SQLite, the Nomos
// emulator, the independent test IdP's metadata), sends a corpus of hostile inputs to each
// unauthenticated route one request at a time, and prints per route the worst CPU time, the worst
// event-loop delay and the worst RSS growth of one request. Targets: ≤ 20 ms CPU, ≤ 50 ms loop
// delay, ≤ 16 MB. The app runs in a child process (bench/hostile-app.ts) that measures itself, so the
// figures are the app's alone, not the load generator's.
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  base64,
  hostileXml,
  lineBreakRun,
  logoutRequestXml,
  redirectMessage,
  responseXml,
} from '../test/saml-bounds/hostile-corpus.js';
import type { TestIdp } from '../src/testing/index.js';
import { benchIdp, LOGOUT_URL } from './hostile-app.js';

/**
 * Per-request targets; `cpuMs` counts every thread of the app process (GC, compiler), `busyMs` its
 * event loop's active time.
 */
const TARGET = { cpuMs: 20, busyMs: 20, loopMs: 50, rssMb: 16 };
const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 3);
const WARM_UP_ROUNDS = Number(process.env.BENCH_HOSTILE_WARM_UP ?? 5);

interface HostileRequest {
  route: string;
  name: string;
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
}
interface Measure {
  cpuMs: number;
  busyMs: number;
  loopMs: number;
  rssMb: number;
  status: number;
}

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
    ...shapes.map(([name, make]): HostileRequest => ({
      route,
      name,
      method: 'POST',
      path,
      body: form({ [field]: base64(make(wrap)) }),
      headers: formHeaders,
    })),
    { route, name: 'non-base64', method: 'POST', path, body: form({ [field]: '%%%<x/>!!' }), headers: formHeaders },
    {
      route,
      name: 'line-break run (30,000)',
      method: 'POST',
      path,
      body: form({ [field]: lineBreakRun() }),
      headers: formHeaders,
    },
    {
      route,
      name: 'oversize body (1 MB)',
      method: 'POST',
      path,
      body: form({ [field]: 'A'.repeat(1_000_000) }),
      headers: formHeaders,
    },
    {
      route,
      name: 'gzip bomb body (50 MB inflated)',
      method: 'POST',
      path,
      body: gzipBomb,
      headers: { ...formHeaders, 'content-encoding': 'gzip' },
    },
  ];
  const redirects = (name: string, xml: string, key: 'A' | 'attacker' | 'unsigned'): HostileRequest => ({
    route: 'GET /auth/saml/logout',
    name,
    method: 'GET',
    path: pathOf(redirectMessage(LOGOUT_URL, xml, key)),
  });
  const bomb = hostileXml.bomb(logout, 8_000_000);
  const bigQuery = `?returnTo=${'/x'.repeat(3000)}&${Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')}`;
  return [
    { route: 'GET /auth/saml/login', name: 'plain', method: 'GET', path: '/auth/saml/login' },
    {
      route: 'GET /auth/saml/login',
      name: 'long returnTo, 500 parameters',
      method: 'GET',
      path: `/auth/saml/login${bigQuery}`,
    },
    ...posts('POST /auth/saml/acs', '/auth/saml/acs', 'SAMLResponse', responseXml),
    redirects('compression bomb, forged signature', bomb, 'attacker'),
    redirects('compression bomb, unsigned', bomb, 'unsigned'),
    redirects('compression bomb, IdP-signed', bomb, 'A'),
    redirects('deep nesting, forged signature', hostileXml.deepNesting(logout, 5000), 'attacker'),
    redirects('deep nesting, IdP-signed', hostileXml.deepNesting(logout, 2000), 'A'),
    redirects('2,000 namespaces, IdP-signed', hostileXml.manyNamespaces(logout, 400), 'A'),
    { route: 'GET /auth/saml/logout', name: 'bare GET', method: 'GET', path: '/auth/saml/logout' },
    {
      route: 'GET /auth/saml/logout',
      name: 'unknown continuation',
      method: 'GET',
      path: '/auth/saml/logout?continue=_slo_00000000000000000000000000000000',
    },
    ...posts('POST /auth/saml/logout', '/auth/saml/logout', 'SAMLRequest', logout),
    {
      route: 'POST /auth/saml/logout',
      name: 'cross-site sign-out',
      method: 'POST',
      path: '/auth/saml/logout',
      headers: { 'sec-fetch-site': 'cross-site' },
    },
    { route: 'GET /auth/saml/metadata', name: 'plain', method: 'GET', path: '/auth/saml/metadata' },
    { route: 'GET /auth/saml/metadata', name: '500 parameters', method: 'GET', path: `/auth/saml/metadata${bigQuery}` },
    {
      route: 'GET /portal (signed out)',
      name: 'plain',
      method: 'GET',
      path: '/portal',
      headers: { accept: 'text/html' },
    },
    {
      route: 'GET /portal (signed out)',
      name: 'long returnTo, 500 parameters',
      method: 'GET',
      path: `/portal${bigQuery}`,
      headers: { accept: 'text/html' },
    },
    {
      route: 'GET /portal (signed out)',
      name: 'forged session cookie',
      method: 'GET',
      path: '/portal',
      headers: { cookie: `nomos.sid=s%3A${'x'.repeat(4000)}.sig` },
    },
  ];
}

function send(port: number, r: HostileRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

async function main(): Promise<void> {
  const idp = benchIdp();
  const child = fork(fileURLToPath(new URL('./hostile-app.js', import.meta.url)), [], {
    execArgv: ['--expose-gc', '--no-flush-bytecode'],
  });
  const ask = (type: 'start' | 'stop') =>
    new Promise<ChildMessage>((resolve) => {
      child.once('message', (m: ChildMessage) => resolve(m));
      child.send({ type });
    });
  const port = await new Promise<number>((resolve) => child.once('message', (m: ChildMessage) => resolve(m.port!)));
  const measure = async (r: HostileRequest): Promise<Measure> => {
    await ask('start');
    const status = await send(port, r);
    const m = await ask('stop');
    return { cpuMs: m.cpuMs!, busyMs: m.busyMs!, loopMs: m.loopMs!, rssMb: m.rssMb!, status };
  };
  const only = process.env.BENCH_HOSTILE_ONLY; // a substring of "route case", to look at one row
  const requests = corpus(idp).filter((r) => !only || `${r.route} ${r.name}`.includes(only));

  // Warm-up: V8 compiles hot paths on background threads, which process.cpuUsage() counts too.
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const r of requests) await send(port, r);
  const rows = new Map<
    string,
    { worst: Record<keyof typeof TARGET, [number, string]>; statuses: Set<number>; cases: number }
  >();
  for (const r of requests) {
    const row = rows.get(r.route) ?? {
      worst: { cpuMs: [0, ''], busyMs: [0, ''], loopMs: [0, ''], rssMb: [0, ''] },
      statuses: new Set<number>(),
      cases: 0,
    };
    row.cases++;
    for (let run = 0; run < RUNS; run++) {
      const m = await measure(r);
      if (process.env.BENCH_HOSTILE_VERBOSE)
        console.log(
          `${r.route} ${r.name}: ${m.cpuMs.toFixed(1)} ms CPU, ${m.busyMs.toFixed(1)} ms busy, ` +
            `${m.loopMs.toFixed(1)} ms lag, ${m.rssMb.toFixed(1)} MB, ${m.status}`,
        );
      row.statuses.add(m.status);
      for (const key of Object.keys(TARGET) as Array<keyof typeof TARGET>) {
        if (m[key] > row.worst[key][0]) row.worst[key] = [m[key], r.name];
      }
    }
    rows.set(r.route, row);
  }

  const over: string[] = [];
  console.log(
    `hostile inputs, one request at a time, worst of ${RUNS} runs per case after ${WARM_UP_ROUNDS} warm-up rounds ` +
      `(Node ${process.version}, SQLite; figures of the app process alone)\n`,
  );
  console.log(
    '| route | cases | worst CPU ms (case) | worst main-thread busy ms (case) | worst loop delay ms (case) ' +
      '| worst RSS growth MB (case) | statuses |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [route, { worst, statuses, cases }] of rows) {
    const cell = (key: keyof typeof TARGET) => {
      const [value, name] = worst[key];
      if (value > TARGET[key]) over.push(`${route} ${key} ${value.toFixed(1)} (${name})`);
      return `${value.toFixed(1)} (${name || '—'})`;
    };
    console.log(
      `| ${route} | ${cases} | ${cell('cpuMs')} | ${cell('busyMs')} | ${cell('loopMs')} | ${cell('rssMb')} ` +
        `| ${[...statuses].sort().join(', ')} |`,
    );
  }
  console.log(
    `\ntargets: ≤ ${TARGET.cpuMs} ms CPU (process and main thread), ≤ ${TARGET.loopMs} ms loop delay, ` +
      `≤ ${TARGET.rssMb} MB per request: ${over.length === 0 ? 'all routes within' : `OVER: ${over.join('; ')}`}`,
  );

  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  if (over.length > 0) process.exitCode = 1;
}

/** What the app process reports (see bench/hostile-app.ts). */
interface ChildMessage {
  type: string;
  port?: number;
  cpuMs?: number;
  busyMs?: number;
  loopMs?: number;
  rssMb?: number;
}

await main();
