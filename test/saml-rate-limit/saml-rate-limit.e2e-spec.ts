import request from 'supertest';
import { DataSource, Like, MoreThan, Not } from 'typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { SamlRequestEntry } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

const LIMIT = 3;

/** A fleet's shared store, as small as can be (Redis in real life): one fixed window per key. */
class SharedStorage implements ThrottlerStorage {
  readonly windows = new Map<string, { hits: number; until: number }>();
  async increment(key: string, ttl: number, limit: number, blockDuration: number) {
    const now = Date.now();
    const held = this.windows.get(key);
    const window = held && held.until > now ? held : { hits: 0, until: now + ttl };
    window.hits += 1;
    if (window.hits > limit) window.until = Math.max(window.until, now + blockDuration);
    this.windows.set(key, window);
    const seconds = Math.ceil((window.until - now) / 1000);
    return {
      totalHits: window.hits,
      timeToExpire: seconds,
      isBlocked: window.hits > limit,
      timeToBlockExpire: window.hits > limit ? seconds : 0,
    };
  }
}
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

describeEachDb('SAML routes rate-limited per client IP', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  let proxied: SamlTestApp;
  let direct: SamlTestApp;
  let replicaA: SamlTestApp;
  let replicaB: SamlTestApp;
  let storage: SharedStorage;

  beforeAll(async () => {
    const rateLimit = { limit: LIMIT, ttlMs: 60_000 };
    // Behind a reverse proxy on loopback: the client IP is taken from X-Forwarded-For.
    proxied = await env.start({ idp, trustProxy: 'loopback', saml: { rateLimit } });
    // No trust proxy: X-Forwarded-For is the client's own claim and is ignored.
    direct = await env.start({ idp, saml: { rateLimit } });
    // Two replicas counting in one shared store, as a fleet would with Redis.
    const shared = (storage = new SharedStorage());
    replicaA = await env.start({ idp, trustProxy: 'loopback', saml: { rateLimit: { ...rateLimit, storage: shared } } });
    replicaB = await env.start({ idp, trustProxy: 'loopback', saml: { rateLimit: { ...rateLimit, storage: shared } } });
  });

  it.each([
    [
      'GET /auth/saml/login',
      (app: SamlTestApp, ip: string) => request(app.http).get('/auth/saml/login').set(from(ip)),
      302,
    ],
    [
      'GET /auth/saml/metadata',
      (app: SamlTestApp, ip: string) => request(app.http).get('/auth/saml/metadata').set(from(ip)),
      200,
    ],
    [
      'POST /auth/saml/acs',
      (app: SamlTestApp, ip: string) =>
        request(app.http).post('/auth/saml/acs').set(from(ip)).type('form').send({ SAMLResponse: 'PHg+' }),
      401,
    ],
    [
      'GET /auth/saml/complete',
      (app: SamlTestApp, ip: string) => request(app.http).get('/auth/saml/complete?request=_x').set(from(ip)),
      401,
    ],
  ] as const)(
    '%s: the request after the limit gets 429 with Retry-After, another IP still passes',
    async (_route, send, normal) => {
      const ip = `203.0.113.${10 + Math.floor(Math.random() * 200)}`;
      for (let i = 0; i < LIMIT; i++) expect((await send(proxied, ip)).status).toBe(normal);
      const refused = await send(proxied, ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'SAML_RATE_LIMITED' });
      expect((await send(proxied, '198.51.100.77')).status).toBe(normal);
    },
  );

  it('refuses before any work: a throttled login stores no request', async () => {
    const rows = proxied.app.get(DataSource).getRepository(SamlRequestEntry);
    const ip = '203.0.113.250';
    for (let i = 0; i < LIMIT; i++) await request(proxied.http).get('/auth/saml/login').set(from(ip)).expect(302);
    const before = await rows.count();
    for (let i = 0; i < 5; i++) await request(proxied.http).get('/auth/saml/login').set(from(ip)).expect(429);
    expect(await rows.count()).toBe(before);
  });

  it(
    'counts by the socket address when the app does not ' + 'trust a proxy: X-Forwarded-For cannot dodge the limit',
    async () => {
      for (let i = 0; i < LIMIT; i++)
        await request(direct.http)
          .get('/auth/saml/metadata')
          .set(from(`192.0.2.${i}`))
          .expect(200);
      await request(direct.http).get('/auth/saml/metadata').set(from('192.0.2.99')).expect(429);
    },
  );

  it('counts across replicas that share a storage', async () => {
    const ip = '203.0.113.251';
    await request(replicaA.http).get('/auth/saml/metadata').set(from(ip)).expect(200);
    await request(replicaB.http).get('/auth/saml/metadata').set(from(ip)).expect(200);
    await request(replicaA.http).get('/auth/saml/metadata').set(from(ip)).expect(200);
    await request(replicaB.http).get('/auth/saml/metadata').set(from(ip)).expect(429);
    // Keys are hashes: the shared store never holds client addresses.
    expect([...storage.windows.keys()].some((key) => key.includes(ip))).toBe(false);
    expect(storage.windows.size).toBeGreaterThan(0);
  });

  it('shows browsers the error page for a throttled request', async () => {
    const ip = '203.0.113.252';
    for (let i = 0; i < LIMIT; i++) await request(proxied.http).get('/auth/saml/metadata').set(from(ip));
    const page = await request(proxied.http)
      .get('/auth/saml/metadata')
      .set(from(ip))
      .set('accept', 'text/html')
      .expect(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Too many requests');
  });

  it('leaves a whole sign-in within the default limit many times over (an office behind one NAT address)', async () => {
    const office = await env.start({ idp });
    for (let i = 0; i < 20; i++) expect((await signIn(request.agent(office.http), idp, PEOPLE.alice)).status).toBe(303);
  });
});

describeEachDb('SAML login cap: saml.maxPendingLogins', (kind) => {
  const idp = testIdp();
  const MAX = 4;
  const env = useSamlEnv(kind);
  const t = env.app({ idp, saml: { maxPendingLogins: MAX, rateLimit: false } });

  const pendingRequests = () =>
    t.app
      .get(DataSource)
      .getRepository(SamlRequestEntry)
      .countBy({ expiresAt: MoreThan(Date.now()), key: Not(Like('#%')) });

  it(
    'refuses new logins with 503 and Retry-After once the cap is ' +
      'reached; the table stays bounded; a finished login frees a place',
    async () => {
      const started: string[] = [];
      for (let i = 0; i < MAX; i++)
        started.push((await request(t.http).get('/auth/saml/login').expect(302)).headers.location);
      for (let i = 0; i < 10; i++) {
        const refused = await request(t.http).get('/auth/saml/login').expect(503);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(refused.body).toMatchObject({ statusCode: 503, code: 'SAML_LOGIN_BUSY' });
      }
      expect(await pendingRequests()).toBe(MAX);
      const rows = t.app.get(DataSource).getRepository(SamlRequestEntry);
      expect(await rows.count()).toBe(2 * MAX);

      // The IdP answers one of them: its request id is used up at the ACS and a new login may start.
      const browser = request.agent(t.http);
      const authn = idp.parseAuthnRequest(started[0]);
      const { samlResponse } = await idp.loginResponse({
        user: { ...PEOPLE.alice, groups: ['staff'] },
        inResponseTo: authn.id,
      });
      await browser.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(303);
      expect(await pendingRequests()).toBe(MAX - 1);
      // Each process re-reads the outstanding count at most once a second (constant work per request).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await request(t.http).get('/auth/saml/login').expect(302);
      await request(t.http).get('/auth/saml/login').expect(503);
    },
  );
});
