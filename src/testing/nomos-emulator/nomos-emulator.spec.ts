import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { devTls } from './dev-tls.js';
import { ABOVE_SPEC_LOAD, callApi, fetchToken } from './emulator-http.spec-helper.js';
import { generateCustomers } from './demo-seed.js';
import { NomosEmulator } from './nomos-emulator.js';

const BASIC: [string, string] = ['test-client', 'test-secret'];
const ANNA = 'cus_demo0anna0becker0000001';

describe('NomosEmulator API', () => {
  const emulator = new NomosEmulator({ rateLimit: ABOVE_SPEC_LOAD });
  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.resetCounters());

  it('answers GET /health with plain OK and echoes X-API-Version', async () => {
    const res = await callApi(emulator, 'GET', '/health');
    expect([res.status, res.text, res.headers['content-type']]).toEqual([200, 'OK', 'text/plain; charset=utf-8']);
    expect(res.headers['x-api-version']).toBe('2026-05-27.curie');
    const pinned = await callApi(emulator, 'GET', '/health', { headers: { 'X-API-Version': '2025-01-01.test' } });
    expect(pinned.headers['x-api-version']).toBe('2025-01-01.test');
    expect(emulator.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('checks HTTP Basic client credentials on /oauth/token', async () => {
    const form = { grant_type: 'client_credentials' };
    for (const basic of [
      ['test-client', 'wrong'],
      ['other', 'test-secret'],
    ] as [string, string][]) {
      const res = await callApi(emulator, 'POST', '/oauth/token', { basic, form });
      expect([res.status, res.json.code]).toEqual([401, 'UNAUTHORIZED']);
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    }
    const anonymous = await callApi(emulator, 'POST', '/oauth/token', { form });
    expect(anonymous.status).toBe(401);
    const ok = await callApi(emulator, 'POST', '/oauth/token', { basic: BASIC, form });
    expect(ok.json).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: 'read:* write:*',
    });
    expect(ok.headers['cache-control']).toBe('no-store');
    const missingGrant = await callApi(emulator, 'POST', '/oauth/token', { basic: BASIC, form: {} });
    expect(missingGrant.json.errors[0].field).toBe('grant_type');
  });

  it('strict (default): accepts client credentials only form-urlencoded (RFC 6749 §2.3.1)', async () => {
    const special = new NomosEmulator({ clientId: 'app id', clientSecret: 's3:cr+t/é %41&=' });
    await special.start();
    try {
      const form = { grant_type: 'client_credentials' };
      const ok = await callApi(special, 'POST', '/oauth/token', { basic: ['app id', 's3:cr+t/é %41&='], form });
      expect(ok.status).toBe(200);
      // What a client that skips the encoding sends: "+" reads as a space, "%41" as "A", the first ":" ends the id.
      const raw = await callApi(special, 'POST', '/oauth/token', { rawBasic: ['app id', 's3:cr+t/é %41&='], form });
      expect([raw.status, raw.json.code]).toEqual([401, 'UNAUTHORIZED']);
      // Not valid percent-encoding: refused, not compared raw.
      const malformed = await callApi(special, 'POST', '/oauth/token', { rawBasic: ['app+id', '%E0%A4%A'], form });
      expect(malformed.status).toBe(401);
      const wrong = await callApi(special, 'POST', '/oauth/token', { basic: ['app id', 's3:cr t/é %41&='], form });
      expect(wrong.status).toBe(401);
    } finally {
      await special.stop();
    }
  });

  it('lenient (strict: false): also accepts the raw credentials a non-conforming client sends', async () => {
    // Lenient on purpose: this case specifies the opt-out itself.
    const special = new NomosEmulator({ clientId: 'app id', clientSecret: 's3:cr+t/é', strict: false });
    await special.start();
    try {
      const form = { grant_type: 'client_credentials' };
      expect((await callApi(special, 'POST', '/oauth/token', { basic: ['app id', 's3:cr+t/é'], form })).status).toBe(
        200,
      );
      expect((await callApi(special, 'POST', '/oauth/token', { rawBasic: ['app id', 's3:cr+t/é'], form })).status).toBe(
        200,
      );
      expect((await callApi(special, 'POST', '/oauth/token', { rawBasic: ['app id', 's3:cr t/é'], form })).status).toBe(
        401,
      );
    } finally {
      await special.stop();
    }
  });

  it('rotates refresh tokens: each one works once', async () => {
    const first = await callApi(emulator, 'POST', '/oauth/token', {
      basic: BASIC,
      form: { grant_type: 'client_credentials' },
    });
    const refresh = { grant_type: 'refresh_token', refresh_token: first.json.refresh_token };
    const second = await callApi(emulator, 'POST', '/oauth/token', { basic: BASIC, form: refresh });
    expect(second.status).toBe(200);
    expect(second.json.access_token).not.toBe(first.json.access_token);
    expect(second.json.refresh_token).not.toBe(first.json.refresh_token);
    const reused = await callApi(emulator, 'POST', '/oauth/token', { basic: BASIC, form: refresh });
    expect([reused.status, reused.json.code, reused.json.errors[0].field]).toEqual([
      400,
      'BAD_REQUEST',
      'refresh_token',
    ]);
    const unknown = await callApi(emulator, 'POST', '/oauth/token', {
      basic: BASIC,
      form: { grant_type: 'refresh_token', refresh_token: 'x' },
    });
    expect(unknown.status).toBe(400);
  });

  it('checks bearer tokens: missing, unknown, expired', async () => {
    const shortLived = new NomosEmulator({ tokenLifetimeSec: 1 });
    await shortLived.start();
    try {
      const token = await fetchToken(shortLived);
      const call = (bearer?: string) => callApi(shortLived, 'GET', `/customers/${ANNA}`, { bearer });
      expect((await call(token)).status).toBe(200);
      expect((await call()).json).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing bearer token' });
      expect((await call('forged')).json).toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'Invalid or malformed token',
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await call(token);
      expect([expired.status, expired.json.message]).toEqual([401, 'Token expired']);
    } finally {
      await shortLived.stop();
    }
  });

  it('revokeAllTokens makes the next bearer call 401 and old refresh tokens useless', async () => {
    const res = await callApi(emulator, 'POST', '/oauth/token', {
      basic: BASIC,
      form: { grant_type: 'client_credentials' },
    });
    const mint = (bearer: string) =>
      callApi(emulator, 'POST', '/admin/magic_link', { bearer, json: { customerId: ANNA } });
    expect((await mint(res.json.access_token)).status).toBe(200);
    emulator.revokeAllTokens();
    expect((await mint(res.json.access_token)).json.code).toBe('UNAUTHORIZED');
    const refreshed = await callApi(emulator, 'POST', '/oauth/token', {
      basic: BASIC,
      form: { grant_type: 'refresh_token', refresh_token: res.json.refresh_token },
    });
    expect(refreshed.status).toBe(400);
    expect((await mint(await fetchToken(emulator))).status).toBe(200);
  });

  it('validates the magic-link body', async () => {
    const token = await fetchToken(emulator);
    const empty = await callApi(emulator, 'POST', '/admin/magic_link', { bearer: token });
    expect(empty.json.errors).toEqual([
      { code: 'invalid_type', field: 'customerId', message: expect.stringContaining('undefined') },
    ]);
    const malformed = await callApi(emulator, 'POST', '/admin/magic_link', {
      bearer: token,
      raw: '{"customerId":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect([malformed.status, malformed.json.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('counts requests per route and resets in place', async () => {
    const counters = emulator.counters;
    const token = await fetchToken(emulator);
    await callApi(emulator, 'POST', '/oauth/token', {
      basic: BASIC,
      form: { grant_type: 'refresh_token', refresh_token: 'x' },
    });
    await callApi(emulator, 'POST', '/admin/magic_link', { bearer: token, json: { customerId: ANNA } });
    await callApi(emulator, 'POST', '/admin/magic_link', { bearer: token, json: { customerId: 'cus_missing' } });
    await callApi(emulator, 'GET', '/customers', { bearer: token });
    await callApi(emulator, 'GET', `/customers/${ANNA}`, { bearer: token });
    await callApi(emulator, 'GET', '/admin/magic_link', { bearer: token });
    expect(counters).toEqual({
      tokenRequests: 2,
      tokenByGrant: { client_credentials: 1, refresh_token: 1 },
      mintRequests: 2,
      mintByStatus: { 200: 1, 404: 1 },
      customerRequests: 2,
      rateLimited: 0,
    });
    emulator.resetCounters();
    expect(counters).toEqual({
      tokenRequests: 0,
      tokenByGrant: {},
      mintRequests: 0,
      mintByStatus: {},
      customerRequests: 0,
      rateLimited: 0,
    });
  });

  it('adds customers at run time and refuses duplicate ids', async () => {
    const own = new NomosEmulator({ customers: [] });
    await own.start();
    try {
      const [extra] = generateCustomers(1, 'acme-power', 500);
      own.addCustomer(extra);
      const res = await callApi(own, 'GET', `/customers/${extra.id}`, { bearer: await fetchToken(own) });
      expect(res.json).toEqual({
        object: 'customer',
        id: extra.id,
        type: 'person',
        first_name: 'Customer',
        last_name: 'Number 500',
        email: 'customer500@example.com',
        vat_id: null,
        created_at: extra.created_at,
      });
      expect(() => own.addCustomer(extra)).toThrow(/already has customer/);
      expect(() => own.addCustomer({ ...extra, id: 'cus_co', type: 'company' })).toThrow(/company_name/);
    } finally {
      await own.stop();
    }
  });

  it('answers malformed request targets on both listeners instead of crashing', async () => {
    const raw = 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const exchange = (socket: Socket) =>
      new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.on('end', () => resolve(text.split('\r\n')[0]));
        socket.on('error', reject);
        socket.end(raw);
      });
    const { port } = new URL(emulator.apiUrl);
    expect(await exchange(connectTcp(Number(port), '127.0.0.1'))).toMatch(/^HTTP\/1\.1 4\d\d /);
    const tls = connectTls({
      host: '127.0.0.1',
      port: emulator.portalPort,
      servername: 'acme-power.customerportal.localhost',
      ca: devTls().cert,
    });
    expect(await exchange(tls)).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await callApi(emulator, 'GET', '/health')).status).toBe(200);
  });
});
