import { NomosApiClient } from './nomos-api.client.js';
import { NomosApiError, NomosAuthenticationError, NomosInvalidResponseError } from './nomos-api.errors.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';

const LINK = 'https://acme.customerportal.energy/auth/confirm?token_hash=SECRET-th&type=magiclink&next=/overview';

describe('NomosApiClient', () => {
  let server: NomosTestServer;
  let client: NomosApiClient;
  let logger: CapturingLogger;
  const routes: Record<string, Route> = {};
  const mint = () => server.seen('POST /admin/magic_link');

  beforeAll(async () => {
    server = await NomosTestServer.start({
      'POST /oauth/token': (q, s) => routes.token(q, s),
      'POST /admin/magic_link': (q, s) => routes.magic(q, s),
      'GET /customers': (q, s) => routes.list(q, s),
      'GET /customers/cus_1': (q, s) => routes.customer(q, s),
    });
  });
  beforeEach(() => {
    server.requests.length = 0;
    routes.token = tokenRoute();
    routes.magic = (_q, s) =>
      sendJson(s, 200, { object: 'magic_link', link: LINK, added: 'later' }, { 'x-request-id': 'nomos-rq' });
    logger = new CapturingLogger();
    client = new NomosApiClient(server.options(), logger);
  });
  afterEach(() => client.close());
  afterAll(() => server.close());

  it('mints a magic link with bearer token, pinned version and the caller request id', async () => {
    const attempts: number[] = [];
    const result = await client.createMagicLink('cus_1', {
      requestId: 'our-rq-1',
      onAttempt: () => attempts.push(server.requests.length),
    });
    expect(result).toEqual({ link: LINK, requestId: 'nomos-rq' });
    // onAttempt ran after the token request and before the mint request reached the server.
    expect(attempts).toEqual([1]);
    const [req] = mint();
    expect(JSON.parse(req.body)).toEqual({ customerId: 'cus_1' });
    expect(req.headers).toMatchObject({
      authorization: 'Bearer SECRET-at-1',
      'x-api-version': '2026-05-27.curie',
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^nestjs-nomos-portal\/\d+\.\d+\.\d+/),
      'x-request-id': 'our-rq-1',
    });
    await client.createMagicLink('cus_1');
    await client.createMagicLink('cus_1', { requestId: 'bad\r\nX-Injected: 1' });
    expect(server.seen('POST /oauth/token')).toHaveLength(1);
    expect(mint()[1].headers['x-request-id']).toBeUndefined();
    expect(mint()[2].headers['x-request-id']).toBeUndefined();
    expect(mint()[2].headers['x-injected']).toBeUndefined();
  });

  it('401 → drops the token and retries once with a fresh one (counted by onAttempt)', async () => {
    let calls = 0;
    routes.magic = (q, s) =>
      ++calls === 1
        ? sendJson(s, 401, { code: 'UNAUTHORIZED', message: 'Token revoked', requestId: 'r1' })
        : sendJson(s, 200, { object: 'magic_link', link: LINK });
    let attempts = 0;
    await expect(client.createMagicLink('cus_1', { onAttempt: () => attempts++ })).resolves.toMatchObject({
      link: LINK,
    });
    expect(attempts).toBe(2);
    expect(mint().map((r) => r.headers.authorization)).toEqual(['Bearer SECRET-at-1', 'Bearer SECRET-at-2']);
    expect(new URLSearchParams(server.seen('POST /oauth/token')[1].body).get('grant_type')).toBe('client_credentials');
  });

  it('401 twice → NomosAuthenticationError after exactly one re-auth retry', async () => {
    routes.magic = (_q, s) =>
      sendJson(s, 401, { code: 'UNAUTHORIZED', message: 'Invalid or malformed token', requestId: 'r2' });
    let attempts = 0;
    const err = await client.createMagicLink('cus_1', { onAttempt: () => attempts++ }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosAuthenticationError);
    expect(err).toMatchObject({ statusCode: 401, nomosCode: 'UNAUTHORIZED', requestId: 'r2', retryable: false });
    expect(attempts).toBe(2);
    expect(server.seen('POST /oauth/token')).toHaveLength(2);
  });

  it.each([
    [
      'current',
      { code: 'NOT_FOUND', message: 'Customer not found', requestId: 'a1', docs: 'https://docs', errors: [] },
      {},
      ['NOT_FOUND', 'a1'],
    ],
    [
      'older',
      { error: { code: 'NOT_FOUND', message: 'Customer not found' } },
      { 'x-request-id': 'a2' },
      ['NOT_FOUND', 'a2'],
    ],
    [
      'object/type',
      { object: 'error', type: 'not_found', message: 'Customer not found' },
      {},
      ['NOT_FOUND', undefined],
    ],
  ])('parses the %s error envelope off the wire', async (_name, body, headers, [code, requestId]) => {
    routes.customer = (_q, s) => sendJson(s, 404, body, headers);
    const err = await client.getCustomer('cus_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosApiError);
    expect(err).toMatchObject({ statusCode: 404, nomosCode: code, requestId, retryable: false });
    expect((err as Error).message).toContain('Customer not found');
  });

  it('falls back to a status-derived code for a non-JSON error body', async () => {
    routes.customer = (_q, s) => {
      s.writeHead(403, { 'content-type': 'text/html' });
      s.end('<h1>SECRET-body</h1>');
    };
    const err = (await client.getCustomer('cus_1').catch((e: unknown) => e)) as NomosApiError;
    expect(err).toMatchObject({ statusCode: 403, nomosCode: 'FORBIDDEN' });
    expect(err.message).not.toContain('SECRET');
  });

  it('gets and lists customers, ignoring unknown fields', async () => {
    const cus = { object: 'customer', id: 'cus_1', type: 'person', email: 'a@b.example', brandNew: 1 };
    routes.customer = (_q, s) => sendJson(s, 200, cus);
    routes.list = (_q, s) =>
      sendJson(s, 200, { object: 'list', items: [cus], has_more: true, next_page: 'cur2', extra: [] });
    expect(await client.getCustomer('cus_1')).toEqual(cus);
    const page = await client.listCustomers({ email: 'a+b@b.example', limit: 5, cursor: 'cur1' });
    expect(page).toMatchObject({ items: [cus], has_more: true, next_page: 'cur2' });
    const url = new URL(server.seen('GET /customers')[0].path, server.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      limit: '5',
      cursor: 'cur1',
      'filter[email][eq]': 'a+b@b.example',
    });
  });

  it.each([
    ['no link', { object: 'magic_link' }],
    ['link not a string', { object: 'magic_link', link: 42 }],
    ['not JSON', 'https://SECRET-plain-text-link'],
  ])('rejects a 200 magic-link answer with %s, without retrying', async (_name, body) => {
    routes.magic = (_q, s) => (typeof body === 'string' ? s.end(body) : sendJson(s, 200, body));
    const err = await client.createMagicLink('cus_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosInvalidResponseError);
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
    expect((err as Error).message).not.toContain('SECRET');
    expect(mint()).toHaveLength(1);
  });

  it('does not check the link host (the magic-links service does)', async () => {
    routes.magic = (_q, s) => sendJson(s, 200, { object: 'magic_link', link: 'https://elsewhere.example/x' });
    await expect(client.createMagicLink('cus_1')).resolves.toEqual({ link: 'https://elsewhere.example/x' });
  });
});
