import { HttpTransport } from './http-transport.js';
import { NomosAuthenticationError } from './nomos-api.errors.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';
import { TokenProvider } from './token-provider.js';

describe('TokenProvider', () => {
  let server: NomosTestServer;
  let transport: HttpTransport;
  let clock: number;
  let logger: CapturingLogger;
  const routes: Record<string, Route> = {};
  const provider = (margin = 60) =>
    new TokenProvider(transport, server.options({ tokenRefreshMarginSec: margin }), logger, () => clock);
  const grants = () => server.seen('POST /oauth/token').map((r) => new URLSearchParams(r.body).get('grant_type'));

  beforeAll(async () => {
    server = await NomosTestServer.start({ 'POST /oauth/token': (req, res) => routes.token(req, res) });
  });
  beforeEach(() => {
    server.requests.length = 0;
    routes.token = tokenRoute(3600);
    transport = new HttpTransport(server.options());
    clock = 1_000_000;
    logger = new CapturingLogger();
  });
  afterEach(() => transport.close());
  afterAll(() => server.close());

  it('uses client credentials with HTTP Basic and a form body, then serves from cache', async () => {
    const tokens = provider();
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    const [req] = server.seen('POST /oauth/token');
    expect(server.requests).toHaveLength(1);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('client-1:SECRET-cs').toString('base64')}`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toBe('grant_type=client_credentials');
    expect(req.headers['x-api-version']).toBe('2026-05-27.curie');
  });

  it('is single-flight: 200 concurrent cold callers make one token request', async () => {
    const tokens = provider();
    const all = await Promise.all(Array.from({ length: 200 }, () => tokens.getToken()));
    expect(new Set(all)).toEqual(new Set(['SECRET-at-1']));
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes tokenRefreshMarginSec before expiry with the refresh grant, single-flight too', async () => {
    const tokens = provider(60);
    await tokens.getToken();
    clock += (3600 - 61) * 1000;
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    clock += 2000; // now 59 s before expiry
    const renewed = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));
    expect(new Set(renewed)).toEqual(new Set(['SECRET-at-2']));
    expect(grants()).toEqual(['client_credentials', 'refresh_token']);
    const refresh = server.seen('POST /oauth/token')[1];
    expect(new URLSearchParams(refresh.body).get('refresh_token')).toBe('SECRET-rt-1');
    expect(refresh.headers.authorization).toMatch(/^Basic /);
  });

  it('caps the margin at half the lifetime so short-lived tokens are not renewed on every call', async () => {
    routes.token = tokenRoute(100);
    const tokens = provider(3600);
    await tokens.getToken();
    clock += 49_000;
    await tokens.getToken();
    expect(server.requests).toHaveLength(1);
    clock += 2000;
    await tokens.getToken();
    expect(server.requests).toHaveLength(2);
  });

  it('falls back to client credentials when the refresh grant is refused', async () => {
    const issue = tokenRoute(3600);
    routes.token = (req, res) =>
      new URLSearchParams(req.body).get('grant_type') === 'refresh_token'
        ? sendJson(res, 400, { error: 'invalid_grant', error_description: 'Refresh token revoked' })
        : issue(req, res);
    const tokens = provider();
    await tokens.getToken();
    clock += 3600 * 1000; // fully expired
    expect(await tokens.getToken()).toBe('SECRET-at-2');
    expect(grants()).toEqual(['client_credentials', 'refresh_token', 'client_credentials']);
    expect(logger.lines.join('\n')).toMatch(/refresh failed \(400 INVALID_GRANT\); falling back/);
  });

  it('keeps using a still-valid token while the token endpoint is down, but not an expired one', async () => {
    const tokens = provider();
    await tokens.getToken();
    routes.token = (_req, res) => sendJson(res, 503, { code: 'INTERNAL_SERVER_ERROR', message: 'down' });
    clock += 3590 * 1000;
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    clock += 20_000;
    await expect(tokens.getToken()).rejects.toMatchObject({ statusCode: 503, retryable: true });
  });

  it('refused client credentials → NomosAuthenticationError, not retryable, no secret in it', async () => {
    routes.token = (_req, res) =>
      sendJson(res, 401, { code: 'UNAUTHORIZED', message: 'Invalid client credentials', requestId: 'rq-7' });
    const err = await provider()
      .getToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomosAuthenticationError);
    expect(err).toMatchObject({ nomosCode: 'UNAUTHORIZED', statusCode: 401, requestId: 'rq-7', retryable: false });
    expect((err as Error).message).toBe(
      'Nomos token endpoint refused the client_credentials grant: 401 UNAUTHORIZED (requestId rq-7)',
    );
    expect(logger.lines.join('\n')).not.toMatch(/SECRET/);
  });

  it('invalidate() drops only the token it names', async () => {
    const tokens = provider();
    await tokens.getToken();
    tokens.invalidate('some-older-token');
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    tokens.invalidate('SECRET-at-1');
    expect(await tokens.getToken()).toBe('SECRET-at-2');
    expect(grants()).toEqual(['client_credentials', 'client_credentials']);
  });

  it.each([
    ['CR/LF in access_token', { access_token: 'SECRET-ok\r\nX-Injected: 1', expires_in: 3600 }],
    ['a space in access_token', { access_token: 'SECRET a', expires_in: 3600 }],
    ['a quote in access_token', { access_token: 'SECRET"a', expires_in: 3600 }],
    ['non-ASCII in access_token', { access_token: 'SECRETé', expires_in: 3600 }],
    ['"=" inside access_token', { access_token: 'SECRET=a', expires_in: 3600 }],
    ['an access_token over 4096 characters', { access_token: 'S'.repeat(4097), expires_in: 3600 }],
    ['a token_type other than bearer', { access_token: 'SECRET-a', token_type: 'mac', expires_in: 3600 }],
    ['expires_in 0', { access_token: 'SECRET-a', expires_in: 0 }],
    ['a fractional expires_in', { access_token: 'SECRET-a', expires_in: 3600.5 }],
    ['expires_in over 24 h', { access_token: 'SECRET-a', expires_in: 86_401 }],
    ['expires_in as a string', { access_token: 'SECRET-a', expires_in: '3600' }],
    ['CR/LF in refresh_token', { access_token: 'SECRET-a', expires_in: 3600, refresh_token: 'SECRET-r\r\n' }],
  ])('refuses %s: retryable invalid response, nothing cached, the next call asks again', async (_case, body) => {
    const good = tokenRoute(3600);
    let served = 0;
    routes.token = (req, res) => (served++ === 0 ? sendJson(res, 200, body) : good(req, res));
    const tokens = provider();
    const err = await tokens.getToken().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NomosInvalidResponseError', code: 'INVALID_RESPONSE', retryable: true });
    expect((err as Error).message).not.toMatch(/SECRET/);
    expect(await tokens.getToken()).toBe('SECRET-at-1');
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['the RFC 6750 alphabet with padding', 'Aa0-._~+/=='],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbGllbnQtMSJ9.c2lnbmF0dXJl'],
    ['4096 characters', 'S'.repeat(4096)],
  ])('accepts %s as access_token, with expires_in from 1 s to 24 h', async (_case, accessToken) => {
    for (const expiresIn of [1, 86_400]) {
      routes.token = (_req, res) =>
        sendJson(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn });
      expect(await provider().getToken()).toBe(accessToken);
    }
  });

  it('rejects a token answer without access_token as an invalid response', async () => {
    routes.token = (_req, res) => sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600 });
    await expect(provider().getToken()).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      name: 'NomosInvalidResponseError',
    });
  });
});
