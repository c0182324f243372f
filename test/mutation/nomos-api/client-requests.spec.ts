// Found by `npm run test:mutation`: what the client puts on the wire (query, path encoding,
// headers, request id), what its warnings say, and how a wait past the deadline ends the call.
import { NomosApiClient } from '../../../src/nomos-api/nomos-api.client.js';
import { NomosApiError, NomosRateLimitError } from '../../../src/nomos-api/nomos-api.errors.js';
import {
  CapturingLogger,
  NomosTestServer,
  sendJson,
  tokenRoute,
  type Route,
} from '../../../src/nomos-api/nomos-test-server.spec-helper.js';

const LINK = 'https://acme.customerportal.energy/auth/confirm?token_hash=th&type=magiclink';

describe('NomosApiClient on the wire', () => {
  let server: NomosTestServer;
  let logger: CapturingLogger;
  let client: NomosApiClient;
  const routes: Record<string, Route> = {};
  const envelope = (code: string) => ({ code, message: 'm', requestId: 'rq-up', docs: 'https://docs' });

  beforeAll(async () => {
    server = await NomosTestServer.start({
      'POST /oauth/token': (q, s) => routes.token(q, s),
      'POST /admin/magic_link': (q, s) => routes.magic(q, s),
      'GET /customers': (q, s) => sendJson(s, 200, { object: 'list', items: [], has_more: false, next_page: null }),
      'GET /customers/cus%2F..%2F1': (_q, s) => sendJson(s, 200, { object: 'customer', id: 'cus/../1' }),
    });
  });
  beforeEach(() => {
    server.requests.length = 0;
    routes.token = tokenRoute();
    routes.magic = (_q, s) => sendJson(s, 200, { object: 'magic_link', link: LINK });
    logger = new CapturingLogger();
    client = new NomosApiClient(server.options({ maxRetries: 2 }), logger);
  });
  afterEach(() => client.close());
  afterAll(() => server.close());

  it('builds the customer query only from what was given', async () => {
    await client.listCustomers();
    await client.listCustomers({ limit: 2, cursor: 'c1', email: 'a+b@corp.example' });
    const [plain, full] = server.seen('GET /customers');
    expect(plain.path).toBe('/customers');
    expect(Object.fromEntries(new URLSearchParams(full.path.split('?')[1]))).toEqual({
      limit: '2',
      cursor: 'c1',
      'filter[email][eq]': 'a+b@corp.example',
    });
    expect(plain.headers['content-type']).toBeUndefined();
  });

  it('encodes a customer id into one path segment', async () => {
    expect((await client.getCustomer('cus/../1')).id).toBe('cus/../1');
  });

  it('sends JSON with a content type, and only a safe request id of at most 128 characters', async () => {
    await client.createMagicLink('cus_1', { requestId: 'r'.repeat(128) });
    await client.createMagicLink('cus_1', { requestId: 'r'.repeat(129) });
    await client.createMagicLink('cus_1', { requestId: 'has space' });
    await client.createMagicLink('cus_1', { requestId: '' });
    const mints = server.seen('POST /admin/magic_link');
    expect(mints.map((m) => m.headers['x-request-id'])).toEqual(['r'.repeat(128), undefined, undefined, undefined]);
    expect(mints[0].headers['content-type']).toBe('application/json');
  });

  it('says which attempt failed and when it retries, naming a failed token request as such', async () => {
    let mints = 0;
    routes.magic = (_q, s) =>
      ++mints === 1
        ? sendJson(s, 503, envelope('SERVICE_UNAVAILABLE'))
        : sendJson(s, 200, { object: 'magic_link', link: LINK });
    await client.createMagicLink('cus_1');
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(
        /^warn Nomos POST \/admin\/magic_link attempt 1 failed \(503 SERVICE_UNAVAILABLE, requestId rq-up\); retry 1\/2 in \d+ ms$/,
      ),
    ]);

    const fresh = new NomosApiClient(server.options({ maxRetries: 2 }), logger);
    let tokens = 0;
    routes.token = (q, s) =>
      ++tokens === 1 ? sendJson(s, 500, envelope('INTERNAL_SERVER_ERROR')) : tokenRoute()(q, s);
    logger.lines.length = 0;
    await fresh.createMagicLink('cus_1');
    await fresh.close();
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(
        /^warn Nomos POST \/admin\/magic_link token request for attempt 1 failed \(500 INTERNAL_SERVER_ERROR, requestId rq-up\); retry 1\/2 in \d+ ms$/,
      ),
    ]);
  });

  it('retries a 401 once with a new token, and says so', async () => {
    routes.magic = (_q, s) => sendJson(s, 401, envelope('UNAUTHORIZED'));
    const error = await client.createMagicLink('cus_1').catch((e: unknown) => e);
    expect((error as NomosApiError).statusCode).toBe(401);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(2);
    expect(server.seen('POST /oauth/token')).toHaveLength(2);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([
      'warn Nomos POST /admin/magic_link attempt 1 got 401 UNAUTHORIZED, requestId rq-up; ' +
        'retrying once with a new token',
    ]);
  });

  it('fails at once when a Retry-After ends past the deadline, saying how long was left', async () => {
    routes.magic = (_q, s) => sendJson(s, 429, envelope('TOO_MANY_REQUESTS'), { 'retry-after': '20' });
    const error = (await client
      .createMagicLink('cus_1', { deadlineMs: 5000 })
      .catch((e: unknown) => e)) as NomosRateLimitError;
    expect(error).toBeInstanceOf(NomosRateLimitError);
    expect([error.code, error.retryable, error.retryAfterMs, error.requestId, error.statusCode]).toEqual([
      'RATE_LIMITED',
      true,
      20_000,
      'rq-up',
      429,
    ]);
    expect(error.message).toMatch(
      /^Nomos asked to retry after 20000 ms, beyond the call's deadline \(\d{1,4} ms left\) \(requestId rq-up\)$/,
    );
    expect(server.seen('POST /admin/magic_link')).toHaveLength(1);
  });

  it('ends with the upstream error itself when a backoff would outlast the deadline', async () => {
    const slow = new NomosApiClient(
      server.options({ maxRetries: 2, retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 }),
      logger,
    );
    routes.magic = (_q, s) => sendJson(s, 503, envelope('SERVICE_UNAVAILABLE'));
    const error = (await slow.createMagicLink('cus_1', { deadlineMs: 3000 }).catch((e: unknown) => e)) as NomosApiError;
    await slow.close();
    expect([error.nomosCode, error.statusCode]).toEqual(['SERVICE_UNAVAILABLE', 503]);
    expect(server.seen('POST /admin/magic_link')).toHaveLength(1);
  });
});
