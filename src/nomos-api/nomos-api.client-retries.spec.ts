import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { NomosApiClient } from './nomos-api.client.js';
import { NomosConnectionError, NomosRateLimitError, NomosTimeoutError } from './nomos-api.errors.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';

const LINK = 'https://acme.customerportal.energy/auth/confirm?token_hash=SECRET-th&type=magiclink';
const ok: Route = (_q, s) => sendJson(s, 200, { object: 'magic_link', link: LINK });

/** Answers requests in order with `plan`, then with `then` (a magic link by default). */
function scripted(plan: Route[], then: Route = ok): Route {
  let i = 0;
  return (q, s) => (plan[i++] ?? then)(q, s);
}
const status =
  (code: number, headers: Record<string, string> = {}): Route =>
  (_q, s) =>
    sendJson(s, code, { code: `E${code}`, message: `status ${code}`, requestId: `rq-${code}` }, headers);

describe('NomosApiClient retries and failures', () => {
  let server: NomosTestServer;
  let logger: CapturingLogger;
  const clients: NomosApiClient[] = [];
  let magic: Route;
  let token: Route;
  const client = (o: Parameters<NomosTestServer['options']>[0] = {}) => {
    const c = new NomosApiClient(server.options(o), logger);
    clients.push(c);
    return c;
  };
  const count = () => {
    let n = 0;
    return {
      onAttempt: () => void n++,
      get n() {
        return n;
      },
    };
  };

  beforeAll(async () => {
    server = await NomosTestServer.start({
      'POST /oauth/token': (q, s) => token(q, s),
      'POST /admin/magic_link': (q, s) => magic(q, s),
    });
  });
  beforeEach(() => {
    server.requests.length = 0;
    logger = new CapturingLogger();
    token = tokenRoute();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => server.close());

  it('single-flight: 200 concurrent cold calls → 1 token request', async () => {
    magic = ok;
    // Generous timeout: the 200 calls queue for 8 connections, and queueing counts towards it.
    const c = client({ connections: 8, timeoutMs: 10_000 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => c.createMagicLink('cus_1')));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(server.seen('POST /oauth/token')).toHaveLength(1);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(200);
  });

  it('500, 500, 200 → success after 3 attempts, one warn line per retry', async () => {
    magic = scripted([status(500), status(500)]);
    const attempts = count();
    await expect(client().createMagicLink('cus_1', attempts)).resolves.toMatchObject({ link: LINK });
    expect(attempts.n).toBe(3);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(3);
    const warns = logger.lines.filter((l) => l.startsWith('warn'));
    expect(warns).toHaveLength(2);
    expect(warns[0]).toMatch(
      /POST \/admin\/magic_link attempt 1 failed \(500 E500, requestId rq-500\); retry 1\/2 in \d+ ms/,
    );
  });

  it('a 503 from the token endpoint is retried too, and is not a mint attempt', async () => {
    magic = ok;
    token = scripted([status(503)], tokenRoute());
    const attempts = count();
    await expect(client().createMagicLink('cus_1', attempts)).resolves.toMatchObject({ link: LINK });
    expect(attempts.n).toBe(1);
    expect(server.seen('POST /oauth/token')).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/token request for attempt 1 failed \(503 E503/);
  });

  it('gives up after maxRetries with the last error', async () => {
    magic = status(503);
    const attempts = count();
    await expect(client({ maxRetries: 1 }).createMagicLink('cus_1', attempts)).rejects.toMatchObject({
      statusCode: 503,
      retryable: true,
    });
    expect(attempts.n).toBe(2);
  });

  it('429 with Retry-After: 1 → waits at least 1000 ms before the retry', async () => {
    magic = scripted([status(429, { 'retry-after': '1' })]);
    const attempts = count();
    await client().createMagicLink('cus_1', attempts);
    const [first, second] = server.seen('POST /admin/magic_link');
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    expect(attempts.n).toBe(2);
  });

  it('429 asking for longer than the cap → NomosRateLimitError at once with retryAfterMs', async () => {
    magic = status(429, { 'retry-after': '120' });
    const err = await client()
      .createMagicLink('cus_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosRateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 120_000, nomosCode: 'E429' });
    expect(server.seen('POST /admin/magic_link')).toHaveLength(1);
  });

  it.each([400, 403, 404, 409, 422])('%i is not retried (1 attempt)', async (code) => {
    magic = status(code);
    const attempts = count();
    await expect(client().createMagicLink('cus_1', attempts)).rejects.toMatchObject({
      statusCode: code,
      retryable: false,
    });
    expect(attempts.n).toBe(1);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(1);
  });

  it('a hanging server → NomosTimeoutError after about timeoutMs per attempt', async () => {
    magic = () => undefined; // never answers
    const attempts = count();
    const started = performance.now();
    const err = await client({ timeoutMs: 200, maxRetries: 1 })
      .createMagicLink('cus_1', attempts)
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(NomosTimeoutError);
    expect(err).toBeInstanceOf(NomosConnectionError);
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(attempts.n).toBe(2);
    // Each attempt was cut by its own 200 ms limit (not the helper's 1000 ms default, nor the mint
    // deadline): the error names the limit applied. Not before it: two attempts took 2 × 200 ms.
    expect((err as Error).message).toBe('Nomos API did not answer within 200 ms');
    expect(elapsed).toBeGreaterThanOrEqual(400);
    // Upper bound only against "never cut": far below the 10 s mint deadline that would end an
    // attempt no limit cut, so it holds on a busy machine too.
    expect(elapsed).toBeLessThan(5000);
  });

  it('a server that sends headers then stalls the body → NomosTimeoutError', async () => {
    magic = (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/json' });
      s.write('{"object":"magic_');
    };
    const started = performance.now();
    const err = await client({ timeoutMs: 200, maxRetries: 0 })
      .createMagicLink('cus_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosTimeoutError);
    expect((err as Error).message).toBe('Nomos API did not answer within 200 ms');
    // Against "the stalled body is waited for until the 10 s mint deadline", with room for a busy box.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('connection refused → NomosConnectionError, retried', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = new NomosApiClient(server.options({ baseUrl: `http://127.0.0.1:${port}` }), logger);
    clients.push(c);
    const err = await c.createMagicLink('cus_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosConnectionError);
    expect(err).not.toBeInstanceOf(NomosTimeoutError);
    expect(err).toMatchObject({
      code: 'CONNECTION_ERROR',
      retryable: true,
      message: 'Could not reach the Nomos API (ECONNREFUSED)',
    });
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toHaveLength(2);
  });

  it('leaks no secret into errors or logs along the way', async () => {
    magic = scripted([
      status(500),
      (_q, s) => sendJson(s, 401, { code: 'UNAUTHORIZED', message: `bad SECRET-at-1 ${LINK}`, secretDump: 'SECRET-x' }),
    ]);
    const c = client();
    const out = [await c.createMagicLink('cus_1')].map((r) => r.requestId ?? '');
    magic = status(400);
    const err = (await c.createMagicLink('cus_1').catch((e: unknown) => e)) as Error;
    const text = [...logger.lines, err.message, String(err.stack), JSON.stringify(err), ...out].join('\n');
    expect(logger.lines.length).toBeGreaterThan(2);
    expect(text).not.toMatch(/SECRET|token_hash|customerportal|Bearer|Basic/);
  });
});
