import { ABOVE_SPEC_LOAD, callApi, fetchToken, type ApiResult } from './emulator-http.spec-helper.js';
import { NomosEmulator } from './nomos-emulator.js';
import { describeErrors, openApiToJsonSchema, responseValidator } from './openapi-schema.spec-helper.js';

// The emulator's answers, checked against the vendor's own spec (read per path+method+status), so the
// client is tested against the real shapes and not against what we think they are.
describe('Nomos emulator contract (test/fixtures/nomos-openapi.json)', () => {
  const emulator = new NomosEmulator({ rateLimit: ABOVE_SPEC_LOAD });
  let token: string;

  beforeAll(async () => {
    await emulator.start();
    token = await fetchToken(emulator);
  });
  afterAll(() => emulator.stop());

  function expectMatches(res: ApiResult, path: string, method: string, status: number): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const validate = responseValidator(path, method, status);
    expect({ valid: validate(res.json), errors: describeErrors(validate) }).toEqual({ valid: true, errors: '' });
  }

  function expectEnvelope(res: ApiResult, code: string): void {
    expect(res.json.code).toBe(code);
    expect(res.json.requestId).toMatch(/^req_[A-Za-z0-9_-]+$/);
    expect(res.headers['x-request-id']).toBe(res.json.requestId);
    expect(res.json.docs).toBe(`https://docs.nomos.energy/api-references/errors/${code}`);
  }

  it('the spec validators resolve $refs, nullable and formats (so a pass below means something)', () => {
    expect(openApiToJsonSchema({ type: 'string', nullable: true, example: 'x' })).toEqual({ type: ['string', 'null'] });
    expect(openApiToJsonSchema({ properties: { example: { type: 'string' } } })).toEqual({
      properties: { example: { type: 'string' } },
    });
    const validate = responseValidator('/customers', 'get', 200);
    expect(validate({ object: 'list', items: [], next_page: null, has_more: false })).toBe(true);
    expect(validate({ object: 'list', items: [{ object: 'customer' }] })).toBe(false);
    const person = {
      object: 'customer',
      id: 'cus_1',
      type: 'person',
      first_name: 'A',
      last_name: 'B',
      created_at: '2026-01-01T00:00:00Z',
    };
    expect(validate({ object: 'list', items: [{ ...person, email: 'a@example.com' }] })).toBe(true);
    expect(validate({ object: 'list', items: [{ ...person, email: 'not-an-email' }] })).toBe(false);
    const envelope = { message: 'm', requestId: 'req_1', docs: 'https://docs.nomos.energy/x' };
    expect(responseValidator('/admin/magic_link', 'post', 400)({ ...envelope, code: 'BAD_REQUEST' })).toBe(true);
    expect(responseValidator('/admin/magic_link', 'post', 400)({ ...envelope, code: 'UNAUTHORIZED' })).toBe(false);
  });

  it('POST /oauth/token 200, with a form body and with a JSON body', async () => {
    const form = await callApi(emulator, 'POST', '/oauth/token', {
      basic: ['test-client', 'test-secret'],
      form: { grant_type: 'client_credentials' },
    });
    expectMatches(form, '/oauth/token', 'post', 200);
    const json = await callApi(emulator, 'POST', '/oauth/token', {
      basic: ['test-client', 'test-secret'],
      json: { grant_type: 'refresh_token', refresh_token: form.json.refresh_token },
    });
    expectMatches(json, '/oauth/token', 'post', 200);
  });

  it('POST /oauth/token 400 and 401 envelopes', async () => {
    const bad = await callApi(emulator, 'POST', '/oauth/token', {
      basic: ['test-client', 'test-secret'],
      form: { grant_type: 'password' },
    });
    expectMatches(bad, '/oauth/token', 'post', 400);
    expectEnvelope(bad, 'BAD_REQUEST');
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: 'grant_type', code: 'invalid_value' })]);
    const unauthorized = await callApi(emulator, 'POST', '/oauth/token', {
      basic: ['test-client', 'nope'],
      form: { grant_type: 'client_credentials' },
    });
    expectMatches(unauthorized, '/oauth/token', 'post', 401);
    expectEnvelope(unauthorized, 'UNAUTHORIZED');
  });

  it('POST /admin/magic_link 200, 400, 401 and 404', async () => {
    const ok = await callApi(emulator, 'POST', '/admin/magic_link', {
      bearer: token,
      json: { customerId: 'cus_demo0anna0becker0000001' },
    });
    expectMatches(ok, '/admin/magic_link', 'post', 200);
    const bad = await callApi(emulator, 'POST', '/admin/magic_link', { bearer: token, json: { customerId: 42 } });
    expectMatches(bad, '/admin/magic_link', 'post', 400);
    expectEnvelope(bad, 'BAD_REQUEST');
    expect(bad.json.errors).toEqual([
      { code: 'invalid_type', field: 'customerId', message: expect.stringContaining('number') },
    ]);
    const unauthorized = await callApi(emulator, 'POST', '/admin/magic_link', { json: { customerId: 'cus_x' } });
    expectMatches(unauthorized, '/admin/magic_link', 'post', 401);
    expectEnvelope(unauthorized, 'UNAUTHORIZED');
    const missing = await callApi(emulator, 'POST', '/admin/magic_link', {
      bearer: token,
      json: { customerId: 'cus_unknown' },
    });
    expectMatches(missing, '/admin/magic_link', 'post', 404);
    expectEnvelope(missing, 'NOT_FOUND');
  });

  it('GET /customers 200 (persons and a company), 400 and 401', async () => {
    const list = await callApi(emulator, 'GET', '/customers?limit=100', { bearer: token });
    expectMatches(list, '/customers', 'get', 200);
    expect(new Set(list.json.items.map((c: { type: string }) => c.type))).toEqual(new Set(['person', 'company']));
    for (const item of list.json.items) expect(item).not.toHaveProperty('planSlug');
    const bad = await callApi(emulator, 'GET', '/customers?limit=0', { bearer: token });
    expectMatches(bad, '/customers', 'get', 400);
    expectEnvelope(bad, 'BAD_REQUEST');
    const unauthorized = await callApi(emulator, 'GET', '/customers', { bearer: 'not-a-token' });
    expectMatches(unauthorized, '/customers', 'get', 401);
  });

  it('GET /customers/{id} 200 and 404', async () => {
    const found = await callApi(emulator, 'GET', '/customers/cus_demo0solar0werk00000003', { bearer: token });
    expectMatches(found, '/customers/{id}', 'get', 200);
    expect(found.json).toMatchObject({ object: 'customer', type: 'company', company_name: 'Solarwerk GmbH' });
    const missing = await callApi(emulator, 'GET', '/customers/cus_nobody', { bearer: token });
    expectMatches(missing, '/customers/{id}', 'get', 404);
    expectEnvelope(missing, 'NOT_FOUND');
  });

  it('unknown routes and wrong methods answer 404 and 405 envelopes', async () => {
    const unknown = await callApi(emulator, 'GET', '/nope', { bearer: token });
    expectMatches(unknown, '/customers', 'get', 404);
    expectEnvelope(unknown, 'NOT_FOUND');
    const wrong = await callApi(emulator, 'DELETE', '/customers/cus_demo0anna0becker0000001', { bearer: token });
    expectMatches(wrong, '/customers/{id}', 'get', 405);
    expectEnvelope(wrong, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.allow).toBe('GET');
  });

  it(
    "the rate limit's own 429 on each route answers the spec " +
      'envelope (ErrTooManyRequests), with Retry-After and ratelimit-*',
    async () => {
      const limited = new NomosEmulator({ rateLimit: { limit: 1, windowSec: 60 } });
      await limited.start();
      try {
        const own = await fetchToken(limited);
        const answers: [ApiResult, string, string][] = [
          [
            await callApi(limited, 'POST', '/oauth/token', {
              basic: ['test-client', 'test-secret'],
              form: { grant_type: 'client_credentials' },
            }),
            '/oauth/token',
            'post',
          ],
          [
            await callApi(limited, 'POST', '/admin/magic_link', {
              bearer: own,
              json: { customerId: 'cus_demo0anna0becker0000001' },
            }),
            '/admin/magic_link',
            'post',
          ],
          [
            await callApi(limited, 'GET', '/customers?filter[email][eq]=anna@example.com', { bearer: own }),
            '/customers',
            'get',
          ],
          [
            await callApi(limited, 'GET', '/customers/cus_demo0anna0becker0000001', { bearer: own }),
            '/customers/{id}',
            'get',
          ],
        ];
        for (const [res, path, method] of answers) {
          expectMatches(res, path, method, 429);
          expectEnvelope(res, 'TOO_MANY_REQUESTS');
          expect(res.json.message).toBe(`Wait ${res.headers['retry-after']} seconds before retrying.`);
          expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
          expect([
            res.headers['ratelimit-limit'],
            res.headers['ratelimit-remaining'],
            res.headers['ratelimit-reset'],
          ]).toEqual(['1', '0', res.headers['retry-after']]);
        }
      } finally {
        await limited.stop();
      }
    },
  );

  it('injected 429 and 500 answer the spec envelopes', async () => {
    emulator.injectFault('mint', { status: 429, retryAfter: 2 });
    emulator.injectFault('mint', { status: 500 });
    const limited = await callApi(emulator, 'POST', '/admin/magic_link', {
      bearer: token,
      json: { customerId: 'cus_demo0anna0becker0000001' },
    });
    expectMatches(limited, '/admin/magic_link', 'post', 429);
    expectEnvelope(limited, 'TOO_MANY_REQUESTS');
    const failed = await callApi(emulator, 'POST', '/admin/magic_link', {
      bearer: token,
      json: { customerId: 'cus_demo0anna0becker0000001' },
    });
    expectMatches(failed, '/admin/magic_link', 'post', 500);
    expectEnvelope(failed, 'INTERNAL_SERVER_ERROR');
  });
});
