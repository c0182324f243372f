import { nomosErrorFromResponse, parseErrorEnvelope } from './error-mapper.js';
import { NomosApiError, NomosAuthenticationError, NomosRateLimitError, describeError } from './nomos-api.errors.js';
import { NomosPortalError } from '../errors/index.js';

describe('parseErrorEnvelope', () => {
  it('reads the current envelope {code,message,requestId,docs,errors}', () => {
    const body = {
      code: 'UNPROCESSABLE_ENTITY',
      message: 'invalid_type in customerId',
      requestId: 'req-1',
      docs: 'https://docs.nomos.energy/api-references/errors/UNPROCESSABLE_ENTITY',
      errors: [{ code: 'invalid_type', field: 'customerId', message: 'Required' }],
      somethingNew: { nested: true },
    };
    expect(parseErrorEnvelope(body)).toEqual({
      code: 'UNPROCESSABLE_ENTITY',
      message: 'invalid_type in customerId',
      requestId: 'req-1',
    });
  });

  it('reads the older {error:{code,message}} envelope, request id inside or outside', () => {
    expect(
      parseErrorEnvelope({ error: { code: 'not_found', message: 'No such customer', request_id: 'req-2' } }),
    ).toEqual({ code: 'NOT_FOUND', message: 'No such customer', requestId: 'req-2' });
    expect(parseErrorEnvelope({ error: { code: 'CONFLICT', message: 'Taken' }, requestId: 'req-3' })).toEqual({
      code: 'CONFLICT',
      message: 'Taken',
      requestId: 'req-3',
    });
  });

  it("reads the {object:'error',type,message} envelope", () => {
    expect(parseErrorEnvelope({ object: 'error', type: 'rate_limit', message: 'Slow down' })).toEqual({
      code: 'RATE_LIMIT',
      message: 'Slow down',
      requestId: undefined,
    });
  });

  it("reads OAuth's {error:'invalid_client', error_description}", () => {
    expect(parseErrorEnvelope({ error: 'invalid_client', error_description: 'Client authentication failed' })).toEqual({
      code: 'INVALID_CLIENT',
      message: 'Client authentication failed',
    });
  });

  it('returns nothing for non-JSON and unknown shapes', () => {
    expect(parseErrorEnvelope('<html>Bad Gateway</html>')).toEqual({});
    expect(parseErrorEnvelope(undefined)).toEqual({});
    expect(parseErrorEnvelope([1, 2])).toEqual({});
    expect(parseErrorEnvelope({ hello: 'world' })).toEqual({});
  });
});

describe('nomosErrorFromResponse', () => {
  it('maps statuses to classes and retryability', () => {
    const e401 = nomosErrorFromResponse(401, { code: 'UNAUTHORIZED', message: 'Invalid token', requestId: 'r' }, {});
    expect(e401).toBeInstanceOf(NomosAuthenticationError);
    expect(e401).toBeInstanceOf(NomosPortalError);
    expect(e401.retryable).toBe(false);
    const e429 = nomosErrorFromResponse(429, undefined, { 'retry-after': '2' });
    expect(e429).toBeInstanceOf(NomosRateLimitError);
    expect(e429).toMatchObject({
      statusCode: 429,
      nomosCode: 'TOO_MANY_REQUESTS',
      retryable: true,
      retryAfterMs: 2000,
      name: 'NomosRateLimitError',
    });
    const e503 = nomosErrorFromResponse(503, 'upstream down', { 'retry-after': '1' });
    expect(e503).toMatchObject({ nomosCode: 'SERVICE_UNAVAILABLE', retryable: true, retryAfterMs: 1000 });
    expect(e503.constructor).toBe(NomosApiError);
    for (const s of [400, 403, 404, 409, 422]) expect(nomosErrorFromResponse(s, undefined, {}).retryable).toBe(false);
    for (const s of [500, 502, 504]) expect(nomosErrorFromResponse(s, undefined, {}).retryable).toBe(true);
  });

  it('ignores Retry-After on statuses other than 429/503', () => {
    expect(nomosErrorFromResponse(500, undefined, { 'retry-after': '9' }).retryAfterMs).toBeUndefined();
  });

  it('derives the code from the status when the body is not JSON', () => {
    expect(nomosErrorFromResponse(404, '<h1>nope</h1>', {}).nomosCode).toBe('NOT_FOUND');
    expect(nomosErrorFromResponse(418, undefined, {}).nomosCode).toBe('HTTP_418');
  });

  it('takes the request id from the body, else from x-request-id', () => {
    expect(
      nomosErrorFromResponse(
        400,
        { code: 'BAD_REQUEST', message: 'x', requestId: 'body-id' },
        { 'x-request-id': 'hdr' },
      ).requestId,
    ).toBe('body-id');
    const e = nomosErrorFromResponse(502, 'Bad gateway', { 'x-request-id': 'hdr-id' });
    expect(e.requestId).toBe('hdr-id');
    expect(e.message).toBe('Nomos API error 502 BAD_GATEWAY (requestId hdr-id)');
    expect(describeError(e)).toBe('502 BAD_GATEWAY, requestId hdr-id');
  });

  it('never copies bodies, links or tokens into the message', () => {
    const body = {
      code: 'BAD_REQUEST',
      message:
        'Link https://acme.customerportal.energy/auth/confirm?token_hash=SECRET1 token_hash=SECRET2 bearer eyJhbGciOiJIUzI1NiJ9SECRET3abcdefghijk',
      requestId: 'r-9',
      debug: 'SECRET4 internal dump',
    };
    const e = nomosErrorFromResponse(400, body, {});
    expect(e.message).not.toMatch(/SECRET|customerportal/);
    expect(e.message).toContain('Nomos API error 400 BAD_REQUEST: Link [url] token_hash=[redacted] bearer [redacted]');
    const long = nomosErrorFromResponse(400, { code: 'BAD_REQUEST', message: 'word '.repeat(200) }, {});
    expect(long.message.length).toBeLessThan(260);
  });
});
