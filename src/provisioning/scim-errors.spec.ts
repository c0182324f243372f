import { quoteScimValue, SCIM_ERROR_SCHEMA, ScimError, scimErrorBody } from './scim-errors.js';

describe('ScimError and scimErrorBody', () => {
  it('render the RFC 7644 §3.12 body, with the status as a string', () => {
    const error = new ScimError(400, 'invalidFilter', 'Only userName eq is supported');
    expect(scimErrorBody(error)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'Only userName eq is supported',
    });
    expect(SCIM_ERROR_SCHEMA).toBe('urn:ietf:params:scim:api:messages:2.0:Error');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ScimError');
    expect(error.message).toBe('Only userName eq is supported');
  });

  it('leave scimType out when there is none, rather than sending null', () => {
    const body = scimErrorBody(new ScimError(404, undefined, 'Resource 42 not found'));
    expect(body).toEqual({ schemas: [SCIM_ERROR_SCHEMA], status: '404', detail: 'Resource 42 not found' });
    expect(Object.keys(body)).not.toContain('scimType');
  });

  it('refuse a status that is not an HTTP error (a programming error)', () => {
    for (const status of [200, 399, 600, 400.5, Number.NaN]) {
      expect(() => new ScimError(status, undefined, 'x')).toThrow(RangeError);
    }
    expect(new ScimError(599, undefined, 'x').status).toBe(599);
    expect(new ScimError(400, undefined, 'x').status).toBe(400);
  });

  it('cut a long detail and escape the characters that could forge a log line', () => {
    const body = scimErrorBody(new ScimError(400, 'invalidValue', `bad\nline ${'y'.repeat(1000)}`));
    expect(body.detail.startsWith('bad\\nline ')).toBe(true);
    expect(body.detail.length).toBeLessThan(400);
    expect(body.detail).toMatch(/…\(\d+ more\)$/);
  });
});

describe('quoteScimValue', () => {
  it('quotes a short string whole and cuts a long one at 40 characters', () => {
    expect(quoteScimValue('ada')).toBe('"ada"');
    const quoted = quoteScimValue('z'.repeat(100));
    expect(quoted).toBe(`"${'z'.repeat(40)}…(60 more)"`);
  });

  it('names objects and arrays by kind and never renders them', () => {
    expect(quoteScimValue({ secret: 'token-123' })).toBe('an object');
    expect(quoteScimValue(['token-123'])).toBe('an array');
    expect(quoteScimValue(undefined)).toBe('undefined');
    expect(quoteScimValue(null)).toBe('null');
    expect(quoteScimValue(12)).toBe('12');
    expect(quoteScimValue(false)).toBe('false');
  });

  it('escapes control and bidi characters', () => {
    expect(quoteScimValue('a\r\nb\u202e')).toBe('"a\\r\\nb\\u{202e}"');
  });
});
