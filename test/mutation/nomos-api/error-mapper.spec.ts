// Found by `npm run test:mutation`: every status code name, the exact message, and the edges of
// how upstream text is scrubbed, trimmed and cut.
import { headerValue, nomosErrorFromResponse, parseErrorEnvelope } from '../../../src/nomos-api/error-mapper.js';
import {
  NomosApiError,
  NomosAuthenticationError,
  NomosRateLimitError,
} from '../../../src/nomos-api/nomos-api.errors.js';

describe('nomosErrorFromResponse', () => {
  it.each([
    [400, 'BAD_REQUEST'],
    [401, 'UNAUTHORIZED'],
    [402, 'PAYMENT_REQUIRED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [405, 'METHOD_NOT_ALLOWED'],
    [409, 'CONFLICT'],
    [422, 'UNPROCESSABLE_ENTITY'],
    [429, 'TOO_MANY_REQUESTS'],
    [500, 'INTERNAL_SERVER_ERROR'],
    [502, 'BAD_GATEWAY'],
    [503, 'SERVICE_UNAVAILABLE'],
    [504, 'GATEWAY_TIMEOUT'],
    [418, 'HTTP_418'],
  ])('names status %i %s when the body has no code', (status, code) => {
    const error = nomosErrorFromResponse(status, '<html>', {});
    expect(error.nomosCode).toBe(code);
    expect(error.message).toBe(`Nomos API error ${status} ${code}`);
  });

  it('retries 429 and 5xx only', () => {
    expect([499, 500, 429, 428].map((s) => nomosErrorFromResponse(s, undefined, {}).retryable)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('reads Retry-After on 503 as well as 429, and builds the whole message', () => {
    const error = nomosErrorFromResponse(
      503,
      { code: 'busy', message: 'try  later', requestId: 'rq-9' },
      { 'retry-after': '2' },
    );
    expect(error).toBeInstanceOf(NomosApiError);
    expect([error.nomosCode, error.retryAfterMs, error.requestId]).toEqual(['BUSY', 2000, 'rq-9']);
    expect(error.message).toBe('Nomos API error 503 BUSY: try later (requestId rq-9)');
    expect(nomosErrorFromResponse(401, {}, {})).toBeInstanceOf(NomosAuthenticationError);
    expect(nomosErrorFromResponse(429, {}, {})).toBeInstanceOf(NomosRateLimitError);
    expect(nomosErrorFromResponse(500, {}, { 'retry-after': '2' }).retryAfterMs).toBeUndefined();
  });
});

describe('parseErrorEnvelope', () => {
  it('normalises codes to UPPER_SNAKE of at most 64 characters', () => {
    expect(parseErrorEnvelope({ code: ' not-found.here ' }).code).toBe('NOT_FOUND_HERE');
    expect(parseErrorEnvelope({ code: 'x'.repeat(80) }).code).toBe('X'.repeat(64));
    expect(parseErrorEnvelope({ code: '   ' }).code).toBeUndefined();
    expect(parseErrorEnvelope({ error: { type: 'rate_limit' } }).code).toBe('RATE_LIMIT');
    expect(parseErrorEnvelope({ error: { code: 7 } }).code).toBeUndefined();
    expect(parseErrorEnvelope({ object: 'error', code: 'gone' }).code).toBe('GONE');
    expect(parseErrorEnvelope({ error: 'invalid_client', message: 'bad client' })).toEqual({
      code: 'INVALID_CLIENT',
      message: 'bad client',
    });
    expect(parseErrorEnvelope([{ code: 'X' }])).toEqual({});
    expect(parseErrorEnvelope(null)).toEqual({});
  });

  it('takes the request id from request_id too, inside before outside, cut to 200', () => {
    expect(parseErrorEnvelope({ code: 'X', request_id: 'rq-a' }).requestId).toBe('rq-a');
    expect(parseErrorEnvelope({ error: { code: 'X', request_id: 'in' }, requestId: 'out' }).requestId).toBe('in');
    expect(parseErrorEnvelope({ error: { code: 'X' }, request_id: 'out' }).requestId).toBe('out');
    expect(parseErrorEnvelope({ code: 'X', requestId: '' }).requestId).toBeUndefined();
    expect(parseErrorEnvelope({ code: 'X', requestId: 'r'.repeat(250) }).requestId).toHaveLength(200);
  });

  it('scrubs links, token hashes and long tokens from messages, keeping short words', () => {
    const message = (text: string) => parseErrorEnvelope({ code: 'X', message: text }).message;
    expect(message('see\nhttps://p.example/a?b=c now')).toBe('see [url] now');
    expect(message('bad token_hash=abc&type=x')).toBe('bad token_hash=[redacted]&type=x');
    expect(message(`key ${'a'.repeat(32)} end`)).toBe('key [redacted] end');
    expect(message(`key ${'a'.repeat(31)} end`)).toBe(`key ${'a'.repeat(31)} end`);
    expect(message('  \t ')).toBeUndefined();
    expect(message('word '.repeat(40).trim())).toBe('word '.repeat(40).trim());
    expect(message('word '.repeat(41))).toBe(`${'word '.repeat(40)}…`);
  });
});

describe('headerValue', () => {
  it('takes the first value, trimmed and cut to 200, and nothing for empty', () => {
    expect(headerValue({ a: [' one ', 'two'] }, 'a')).toBe('one');
    expect(headerValue({ a: 'x'.repeat(250) }, 'a')).toHaveLength(200);
    expect(headerValue({ a: '  ' }, 'a')).toBeUndefined();
    expect(headerValue({}, 'a')).toBeUndefined();
  });
});
