import { NomosApiClient } from './nomos-api.client.js';
import { NomosAbortedError, NomosRateLimitError, NomosTimeoutError } from './nomos-api.errors.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';

const LINK = 'https://acme.customerportal.energy/auth/confirm?token_hash=SECRET-th&type=magiclink';
const ok: Route = (_q, s) => sendJson(s, 200, { object: 'magic_link', link: LINK });
const tooMany =
  (seconds: number): Route =>
  (_q, s) =>
    sendJson(
      s,
      429,
      { code: 'TOO_MANY_REQUESTS', message: 'slow down', requestId: 'rq-429' },
      { 'retry-after': String(seconds) },
    );

describe('NomosApiClient deadline and cancellation (mintDeadlineMs, signal)', () => {
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
  const mints = () => server.seen('POST /admin/magic_link');

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
    magic = ok;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => server.close());

  it('a Retry-After ending past the deadline fails at once with RATE_LIMITED, without sleeping', async () => {
    magic = tooMany(30);
    let attempts = 0;
    const err = await client({ mintDeadlineMs: 2000 })
      .createMagicLink('cus_1', { onAttempt: () => attempts++ })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosRateLimitError);
    expect(err).toMatchObject({
      code: 'RATE_LIMITED',
      statusCode: 429,
      retryAfterMs: 30_000,
      retryable: true,
      requestId: 'rq-429',
    });
    expect(attempts).toBe(1);
    expect(mints()).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([]); // no "retry in …" line: it never slept
  });

  it('a Retry-After inside the deadline is still honoured', async () => {
    let n = 0;
    magic = (q, s) => (n++ === 0 ? tooMany(1)(q, s) : ok(q, s));
    await expect(client({ mintDeadlineMs: 5000 }).createMagicLink('cus_1')).resolves.toMatchObject({ link: LINK });
    const [first, second] = mints();
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it('attempt time limits shrink to what is left: a hanging Nomos gets no more attempts than fit', async () => {
    magic = () => undefined; // never answers
    let attempts = 0;
    // Alone, 3 attempts of 4000 ms would take 12 s; the 2000 ms deadline leaves room for one (and
    // for a token request slowed down by a busy machine).
    const err = await client({ timeoutMs: 4000, maxRetries: 2, mintDeadlineMs: 2000 })
      .createMagicLink('cus_1', { onAttempt: () => attempts++ })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosTimeoutError);
    // The attempt's own limit was what was left of the 2000 ms (the token request took a little).
    const limit = Number(/within (\d+) ms/.exec((err as Error).message)?.[1]);
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThanOrEqual(2000);
    expect(attempts).toBe(1);
  });

  it('the wait for an access token counts against the deadline; the shared token request goes on', async () => {
    let answerToken: (() => void) | undefined;
    const issue = tokenRoute();
    token = (q, s) => {
      answerToken = () => issue(q, s);
    };
    const c = client({ mintDeadlineMs: 300, timeoutMs: 5000 });
    const err = await c.createMagicLink('cus_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosTimeoutError);
    expect((err as Error).message).toMatch(/deadline waiting for an access token/);
    expect(mints()).toHaveLength(0);
    answerToken!();
    await expect(c.createMagicLink('cus_1')).resolves.toMatchObject({ link: LINK });
    expect(server.seen('POST /oauth/token')).toHaveLength(1);
  });

  it('an aborted signal cuts the attempt in flight: NomosAbortedError, the socket closed, no retry', async () => {
    let closed = false;
    magic = (_q, s) => {
      s.on('close', () => {
        closed = true;
      });
    };
    const controller = new AbortController();
    let attempts = 0;
    const call = client({ timeoutMs: 5000, maxRetries: 2 }).createMagicLink('cus_1', {
      signal: controller.signal,
      onAttempt: () => attempts++,
    });
    while (mints().length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosAbortedError);
    expect(err).toMatchObject({ code: 'ABORTED', retryable: false });
    expect(attempts).toBe(1);
    while (!closed) await new Promise((r) => setTimeout(r, 5));
    expect(mints()).toHaveLength(1);
  });

  it('an abort during a backoff sleep ends it at once without another attempt', async () => {
    magic = (_q, s) => sendJson(s, 503, { code: 'DOWN', message: 'down' }, { 'retry-after': '3' });
    const controller = new AbortController();
    const call = client({ mintDeadlineMs: 20_000 }).createMagicLink('cus_1', { signal: controller.signal });
    while (!logger.lines.some((l) => l.includes('retry 1/2'))) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(NomosAbortedError);
    expect(mints()).toHaveLength(1);
  });

  it('an already aborted signal makes no request at all', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client().createMagicLink('cus_1', { signal: controller.signal })).rejects.toBeInstanceOf(
      NomosAbortedError,
    );
    expect(server.requests).toHaveLength(0);
  });
});
