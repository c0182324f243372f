import { NomosApiClient } from './nomos-api.client.js';
import type { NomosApiOptions } from './nomos-api.options.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';
import { NomosBusyError, NomosCircuitOpenError } from './pacing.errors.js';
import type { NomosRateLimitOptions } from './pacing.options.js';
import { MemoryRateLimitStore } from './rate-limit-store.js';

const CUSTOMER = { id: 'cus_1', type: 'person', email: 'a@b.example', created_at: '2026-01-01T00:00:00.000Z' };
const customerRoute: Route = (_req, res) => sendJson(res, 200, CUSTOMER);
const mintRoute: Route = (_req, res) =>
  sendJson(res, 200, { link: 'https://x.customerportal.energy/?token_hash=SECRET-th' });

/** The most requests the server saw in any `windowMs`. */
function busiest(server: NomosTestServer, windowMs: number): number {
  const at = server.requests.map((r) => r.at);
  return Math.max(0, ...at.map((start) => at.filter((t) => t >= start && t < start + windowMs).length));
}

async function settle<T>(calls: Array<Promise<T>>) {
  const results = await Promise.allSettled(calls);
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : [])),
  };
}

describe('NomosApiClient pacing', () => {
  let server: NomosTestServer;
  let routes: Record<string, Route>;
  const clients: NomosApiClient[] = [];
  const logger = new CapturingLogger();
  const client = (rateLimit: NomosRateLimitOptions | false, more: Partial<NomosApiOptions> = {}) => {
    const c = new NomosApiClient(server.options({ rateLimit, ...more }), logger);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    routes = {
      'POST /oauth/token': tokenRoute(),
      'GET /customers/cus_1': customerRoute,
      'POST /admin/magic_link': mintRoute,
    };
    // Routes are looked up per request, so a spec may swap one while the server runs.
    server = await NomosTestServer.start(
      new Proxy<Record<string, Route>>({}, { get: (_target, key: string) => routes[key] }),
    );
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  it('keeps every call, the token request included, under the rate in any 1-second window', async () => {
    // The default margin (50 ms per window) absorbs the first burst's connection set-up.
    const c = client({ perSecond: 5, maxWaitMs: 3000 });
    const started = performance.now();
    const { ok } = await settle(Array.from({ length: 12 }, () => c.getCustomer('cus_1')));
    expect(ok).toBe(12);
    expect(server.requests).toHaveLength(13);
    expect(busiest(server, 1000)).toBeLessThanOrEqual(5);
    // 13 calls at 5 per window: the last batch starts two windows after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 1050 - 5);
  });

  it('fails at once with BUSY, sending nothing, when no slot is free within maxWaitMs', async () => {
    const c = client({ perSecond: 2, maxWaitMs: 200 });
    let attempts = 0;
    const mint = () => c.createMagicLink('cus_1', { onAttempt: () => attempts++ });
    const started = performance.now();
    const { ok, errors } = await settle([mint(), mint(), mint()]);
    // The token and the first mint share the burst of 2; the other two would wait about a second.
    expect(ok).toBe(1);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(NomosBusyError);
      expect((error as NomosBusyError).code).toBe('BUSY');
      expect((error as NomosBusyError).retryAfterMs).toBeGreaterThan(200);
    }
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(1);
    expect(attempts).toBe(1);
  });

  it('gives up a slot spent queued for a connection: a late call never joins the next window', async () => {
    // One connection, and Nomos holds the first mint 900 ms: the second mint of the first window
    // waits for the connection past its slot. Sent then, it would land beside the next window's three.
    let held = false;
    routes['POST /admin/magic_link'] = (req, res) => {
      if (held) return mintRoute(req, res);
      held = true;
      setTimeout(() => mintRoute(req, res), 900);
    };
    const c = client({ perSecond: 3, burst: 3, marginMs: 50, maxWaitMs: 3000 }, { connections: 1 });
    let attempts = 0;
    const { ok } = await settle(
      Array.from({ length: 5 }, () => c.createMagicLink('cus_1', { onAttempt: () => attempts++ })),
    );
    expect(ok).toBe(5);
    // The late one was not written at all: one request per call, each counted once, as it went out.
    expect(server.requests).toHaveLength(6);
    expect(attempts).toBe(5);
    expect(busiest(server, 1000)).toBeLessThanOrEqual(3);
  });

  it('bounds the calls waiting in this process', async () => {
    const c = client({ perSecond: 1, maxWaitMs: 5000, maxWaiters: 2 });
    await c.getCustomer('cus_1');
    const { ok, errors } = await settle(Array.from({ length: 4 }, () => c.getCustomer('cus_1')));
    expect(ok).toBe(2);
    expect(errors.map((e) => e.message)).toEqual(Array(2).fill(expect.stringContaining('2 calls of this process')));
  });

  it('holds every later call after ratelimit-remaining: 0, until ratelimit-reset', async () => {
    let first = true;
    routes['GET /customers/cus_1'] = (_req, res) => {
      const headers: Record<string, string> = first ? { 'ratelimit-remaining': '0', 'ratelimit-reset': '1' } : {};
      first = false;
      sendJson(res, 200, CUSTOMER, headers);
    };
    const c = client({ perSecond: 100 });
    await c.getCustomer('cus_1');
    await c.getCustomer('cus_1');
    const [, told, next] = server.requests.map((r) => r.at);
    expect(next - told).toBeGreaterThanOrEqual(950);
  });

  it('spreads a 429 Retry-After to every client sharing the store', async () => {
    const store = new MemoryRateLimitStore();
    const a = client({ perSecond: 100, store, key: 'shared' }, { maxRetries: 0 });
    const b = client({ perSecond: 100, store, key: 'shared' });
    await b.getCustomer('cus_1');
    routes['GET /customers/cus_1'] = (_req, res) => {
      routes['GET /customers/cus_1'] = customerRoute;
      sendJson(res, 429, { code: 'TOO_MANY_REQUESTS', message: 'slow' }, { 'retry-after': '1' });
    };
    await expect(a.getCustomer('cus_1')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const refusedAt = performance.now();
    await b.getCustomer('cus_1');
    expect(server.requests.at(-1)!.at - refusedAt).toBeGreaterThanOrEqual(950);
  });

  it('opens the circuit after failures in a row, fails fast, then closes on a good probe', async () => {
    routes['POST /admin/magic_link'] = (_req, res) => sendJson(res, 500, { code: 'INTERNAL_SERVER_ERROR' });
    const c = client(false, { maxRetries: 0, circuitBreaker: { failureThreshold: 2, coolDownMs: 300 } });
    let attempts = 0;
    const mint = () => c.createMagicLink('cus_1', { onAttempt: () => attempts++ });
    await expect(mint()).rejects.toMatchObject({ statusCode: 500 });
    await expect(mint()).rejects.toMatchObject({ statusCode: 500 });
    const open = await mint().catch((e: unknown) => e);
    expect(open).toBeInstanceOf(NomosCircuitOpenError);
    expect((open as NomosCircuitOpenError).retryAfterMs).toBeLessThanOrEqual(300);
    expect([attempts, server.seen('POST /admin/magic_link').length, c.pacer.circuit]).toEqual([2, 2, 'open']);
    expect(logger.lines).toContainEqual(expect.stringContaining('Nomos circuit opened (2 failures in a row)'));

    await new Promise((resolve) => setTimeout(resolve, 320));
    routes['POST /admin/magic_link'] = mintRoute;
    await expect(mint()).resolves.toMatchObject({ link: expect.any(String) });
    expect(c.pacer.circuit).toBe('closed');
  });

  it('does not count 4xx answers as failures', async () => {
    routes['GET /customers/cus_1'] = (_req, res) => sendJson(res, 404, { code: 'NOT_FOUND' });
    const c = client(false, { maxRetries: 0, circuitBreaker: { failureThreshold: 1, coolDownMs: 10_000 } });
    for (let i = 0; i < 3; i++) await expect(c.getCustomer('cus_1')).rejects.toMatchObject({ statusCode: 404 });
    expect(c.pacer.circuit).toBe('closed');
  });
});
