import { Agent, request } from 'node:http';
import { ABOVE_SPEC_LOAD, callApi, fetchToken, mintLink } from './emulator-http.spec-helper.js';
import { NomosEmulator } from './nomos-emulator.js';
import { openPortalLink } from './open-portal-link.js';

const ANNA = 'cus_demo0anna0becker0000001';

/** Waits, event-driven, until the emulator has received what a case needs (no timed window). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('NomosEmulator faults, latency and stop', () => {
  // Faults, not the rate limit (rate-limit.spec.ts): its bursts exceed the documented 10/s.
  const emulator = new NomosEmulator({ rateLimit: ABOVE_SPEC_LOAD });
  let token: string;
  const mint = (timeoutMs?: number) =>
    callApi(emulator, 'POST', '/admin/magic_link', { bearer: token, json: { customerId: ANNA }, timeoutMs });

  beforeAll(async () => {
    await emulator.start();
    token = await fetchToken(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.clearFaults();
    emulator.latencyMs = 0;
  });

  it('answers 500 once, then the real response; both are counted', async () => {
    const linksBefore = emulator.issuedLinks().length;
    emulator.injectFault('mint', { status: 500 });
    const failed = await mint();
    expect([failed.status, failed.json.code]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
    expect(emulator.issuedLinks()).toHaveLength(linksBefore);
    expect((await mint()).status).toBe(200);
    expect(emulator.counters.mintRequests).toBe(2);
    expect(emulator.counters.mintByStatus).toEqual({ 500: 1, 200: 1 });
  });

  it('sends Retry-After with an injected 429', async () => {
    emulator.injectFault('mint', { status: 429, retryAfter: 7 });
    const res = await mint();
    expect([res.status, res.headers['retry-after'], res.json.code]).toEqual([429, '7', 'TOO_MANY_REQUESTS']);
    expect(res.json.message).toBe('Wait 7 seconds before retrying.');
  });

  it('consumes faults in FIFO order, `times` each, per route', async () => {
    emulator.injectFault('mint', { status: 503 }, 2);
    emulator.injectFault('mint', { status: 502, body: { custom: true } });
    emulator.injectFault('mint', { status: 504, body: '<html>gateway timeout</html>' });
    emulator.injectFault('token', { status: 500 });
    emulator.injectFault('customers', { status: 404 });
    const statuses = [(await mint()).status, (await mint()).status];
    const custom = await mint();
    const text = await mint();
    expect([...statuses, custom.status, text.status]).toEqual([503, 503, 502, 504]);
    expect(custom.json).toEqual({ custom: true });
    expect([text.text, text.headers['content-type']]).toEqual([
      '<html>gateway timeout</html>',
      'text/plain; charset=utf-8',
    ]);
    expect((await mint()).status).toBe(200);
    await expect(fetchToken(emulator)).rejects.toThrow(/500/);
    expect(emulator.counters.tokenByGrant).toEqual({ client_credentials: 1 });
    expect((await callApi(emulator, 'GET', `/customers/${ANNA}`, { bearer: token })).status).toBe(404);
    expect((await callApi(emulator, 'GET', `/customers/${ANNA}`, { bearer: token })).status).toBe(200);
    expect(emulator.counters.customerRequests).toBe(2);
  });

  it('rejects nonsense faults', () => {
    expect(() => emulator.injectFault('mint', { status: 500 }, 0)).toThrow(/times/);
    expect(() => emulator.injectFault('mint', { status: 42 })).toThrow(/status/);
  });

  it('a hang never answers, is counted, and the next request is served', async () => {
    emulator.injectFault('mint', { hang: true });
    await expect(mint(300)).rejects.toThrow('timeout');
    expect((await mint()).status).toBe(200);
    expect(emulator.counters.mintRequests).toBe(2);
    expect(emulator.counters.mintByStatus).toEqual({ 200: 1 });
  });

  it('adds latencyMs to every API response', async () => {
    emulator.latencyMs = 200;
    const started = Date.now();
    const res = await callApi(emulator, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('NomosEmulator.stop()', () => {
  it('returns promptly with a hanging request, a delayed one and idle keep-alive sockets open', async () => {
    const emulator = new NomosEmulator();
    await emulator.start();
    const token = await fetchToken(emulator);
    const body = { bearer: token, json: { customerId: ANNA }, timeoutMs: 60_000 };
    emulator.injectFault('mint', { hang: true });
    // Settled at once so their rejection (expected, when stop() closes the sockets) is never unhandled.
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const hanging = settle(callApi(emulator, 'POST', '/admin/magic_link', body));
    const keepAlive = new Agent({ keepAlive: true });
    await new Promise((resolve) =>
      request(`${emulator.apiUrl}/health`, { agent: keepAlive }, (res) => res.resume().on('end', resolve)).end(),
    );
    await openPortalLink(await mintLink(emulator, token, ANNA));
    emulator.latencyMs = 60_000;
    const delayed = settle(callApi(emulator, 'POST', '/admin/magic_link', body));
    // Both requests received (hanging, and waiting out its latency) before stop(), however busy the box.
    await until(() => emulator.counters.mintRequests === 3);

    const started = Date.now();
    await emulator.stop();
    // Promptly: not after the 60 s latency, nor never (the hang). The bound leaves room for a busy box.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await hanging).toBe('socket hang up');
    expect(await delayed).toBe('socket hang up');
    keepAlive.destroy();
    await emulator.stop();
    expect(() => emulator.apiUrl).toThrow(/not started/);
  });

  it('never writes to the console', async () => {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((method) => console[method]);
    const written: unknown[][] = [];
    for (const method of methods) console[method] = (...args: unknown[]) => void written.push(args);
    try {
      const emulator = new NomosEmulator();
      await emulator.start();
      const token = await fetchToken(emulator);
      await openPortalLink(await mintLink(emulator, token, ANNA));
      await callApi(emulator, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials' } });
      await callApi(emulator, 'GET', '/nope');
      emulator.injectFault('mint', { hang: true });
      const hanging = callApi(emulator, 'POST', '/admin/magic_link', {
        bearer: token,
        json: { customerId: ANNA },
      }).catch(() => undefined);
      await until(() => emulator.counters.mintRequests === 2); // the hang is in progress at stop()
      await emulator.stop();
      await hanging;
    } finally {
      methods.forEach((method, i) => (console[method] = originals[i]!));
    }
    expect(written).toEqual([]);
  });
});
