import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AuditService, CustomerLinkService, MagicLinkService, PersonRateLimitedError } from '../../src/index.js';
import type { NomosPortalModuleOptions } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { CUSTOMERS, startPortalApp } from '../support/portal-app.js';
import { startReplica } from './replica.js';
import { describeWithRedis, dropPrefix, redisClient } from './redis.js';

// Generous, so that only the per-person limit under test ever refuses a click.
const EMULATOR_RATE = { limit: 1000, windowSec: 1 };

const open = (http: unknown, user: string) =>
  request(http as never)
    .get('/portal')
    .set('x-test-user', user)
    .set('accept', 'text/html');
const json = (http: unknown, user: string) =>
  request(http as never)
    .post('/portal/link')
    .set('x-nomos-portal', '1')
    .set('x-test-user', user);

/** Maps a fresh app user to Alice's customer, so that each test counts for a person of its own. */
let people = 0;
async function person(t: PortalTestApp): Promise<string> {
  const id = `person-${++people}`;
  await t.app.get(CustomerLinkService).link(id, CUSTOMERS[0].id, { source: 'manual', createdBy: 'test' });
  return id;
}

async function stopApp(t: PortalTestApp | undefined, extra: INestApplication[] = []) {
  if (!t) return;
  for (const app of extra) await app.close();
  const leaks = t.logs.leaks(t.secrets());
  await t.close();
  expect(leaks).toEqual([]);
}

describeEachDb('the per-person limit, shared in the database', (kind) => {
  const portal: NomosPortalModuleOptions['portal'] = { personRateLimit: { limit: 3, storage: 'database' } };
  let t: PortalTestApp;
  let replica: INestApplication;
  beforeAll(async () => {
    t = await startPortalApp(kind, { portal, emulatorRateLimit: EMULATOR_RATE });
    replica = await startReplica(t, portal);
  });
  afterAll(() => stopApp(t, [replica]));
  const rowsOf = async (userId: string) =>
    (await t.app.get(AuditService).query({ limit: 500 })).items.filter((row) => row.userId === userId);

  it('counts both routes together and answers the click past the limit 429, audited, without Nomos', async () => {
    const who = await person(t);
    await open(t.http, who).expect(302);
    await json(t.http, who).expect(200);
    await open(t.http, who).expect(302);
    const mints = t.emulator.counters.mintRequests;

    const page = await open(t.http, who).expect(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Too many requests');
    expect(Number(page.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(page.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers.location).toBeUndefined();

    const api = await json(t.http, who).expect(429);
    expect(api.body).toEqual({
      statusCode: 429,
      code: 'PERSON_RATE_LIMITED',
      message: expect.stringContaining('wait'),
      requestId: api.headers['x-request-id'],
    });
    expect(api.headers['retry-after']).toMatch(/^\d+$/);
    expect(t.emulator.counters.mintRequests).toBe(mints);

    const rows = await rowsOf(who);
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row.outcome)).toEqual(['denied', 'denied', 'issued', 'issued', 'issued']);
    expect(rows[0]).toMatchObject({ errorCode: 'RATE_LIMITED', channel: 'json', customerId: null, mintAttempts: 0 });
    expect(rows[1]).toMatchObject({
      errorCode: 'RATE_LIMITED',
      channel: 'redirect',
      requestId: page.headers['x-request-id'],
    });
  });

  it('leaves everyone else alone', async () => {
    const [busy, other] = [await person(t), await person(t)];
    for (let i = 0; i < 3; i++) await json(t.http, busy).expect(200);
    await json(t.http, busy).expect(429);
    await json(t.http, other).expect(200);
  });

  it('holds across replicas sharing the database', async () => {
    const who = await person(t);
    await json(t.http, who).expect(200);
    await json(replica.getHttpServer(), who).expect(200);
    await open(t.http, who).expect(302);
    await json(replica.getHttpServer(), who).expect(429);
    await open(t.http, who).expect(429);
  });

  it('applies to a host calling MagicLinkService directly (one rule for every channel)', async () => {
    const who = await person(t);
    const service = t.app.get(MagicLinkService);
    for (let i = 0; i < 3; i++) await service.mintForUser(who, { requestId: `rq-svc-${i}` });
    const refused = service.mintForUser(who, { requestId: 'rq-svc-over' });
    await expect(refused).rejects.toBeInstanceOf(PersonRateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 'PERSON_RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    await json(t.http, who).expect(429);
    expect((await rowsOf(who)).find((row) => row.requestId === 'rq-svc-over')).toMatchObject({
      outcome: 'denied',
      errorCode: 'RATE_LIMITED',
      channel: 'service',
    });
  });

  it('keeps nothing but the hashed person key in its table', async () => {
    const rows: Array<{ bucket: string }> = await t.dataSource.query('SELECT "bucket" FROM "nomos_person_limits"');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.bucket).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the per-person limit, defaults and off', () => {
  let defaults: PortalTestApp | undefined;
  let off: PortalTestApp | undefined;
  afterAll(async () => {
    await stopApp(defaults);
    await stopApp(off);
  });

  it('allows 10 links per minute per person by default, in memory', async () => {
    // `undefined`, not absent: the test harness turns the limit off unless a suite sets it.
    defaults = await startPortalApp('sqlite', {
      portal: { personRateLimit: undefined },
      emulatorRateLimit: EMULATOR_RATE,
    });
    const who = await person(defaults);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await json(defaults.http, who)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
  });

  it('can be turned off', async () => {
    off = await startPortalApp('sqlite', { portal: { personRateLimit: false }, emulatorRateLimit: EMULATOR_RATE });
    const who = await person(off);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await json(off.http, who)).status);
    expect(statuses).toEqual(Array(12).fill(200));
  });
});

describeWithRedis('the per-person limit, shared in Redis', () => {
  let t: PortalTestApp;
  let replica: INestApplication;
  const clients = [redisClient(), redisClient()];
  beforeAll(async () => {
    await Promise.all(clients.map((client) => client.connect()));
    const portal = (redis: (typeof clients)[number]) => ({ personRateLimit: { limit: 2, storage: { redis } } });
    t = await startPortalApp('sqlite', { portal: portal(clients[0]), emulatorRateLimit: EMULATOR_RATE });
    replica = await startReplica(t, portal(clients[1]));
  });
  afterAll(async () => {
    await stopApp(t, [replica]);
    await dropPrefix(clients[0], 'nomos:person-limit:');
    for (const client of clients) client.disconnect();
  });

  it('holds across replicas with their own Redis clients', async () => {
    const who = await person(t);
    await open(t.http, who).expect(302);
    await json(replica.getHttpServer(), who).expect(200);
    const refused = await json(t.http, who).expect(429);
    expect(refused.body.code).toBe('PERSON_RATE_LIMITED');
    await open(replica.getHttpServer(), who).expect(429);
    const keys = await clients[0].keys('nomos:person-limit:*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^nomos:person-limit:\{[0-9a-f]{64}\}(:blocked)?$/);
  });
});
