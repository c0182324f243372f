// Found by `npm run test:mutation`: what a 2xx body must look like, refusal by refusal, and the
// deadline and abort arithmetic of one call's budget.
import { CallBudget } from '../../../src/nomos-api/call-budget.js';
import {
  NomosAbortedError,
  NomosInvalidResponseError,
  NomosTimeoutError,
  describeError,
  invalidResponse,
} from '../../../src/nomos-api/nomos-api.errors.js';
import { readCustomer, readCustomerList, readMagicLink, readToken } from '../../../src/nomos-api/response-shapes.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NomosInvalidResponseError);
    return error as NomosInvalidResponseError;
  }
  throw new Error('expected a refusal');
};
const prefix = 'Nomos API returned an unexpected response: ';

describe('2xx bodies', () => {
  const token = { access_token: 'abc.DEF-_~+/9==', token_type: 'Bearer', expires_in: 3600 };

  it('accepts a token at the edges: 4096 characters, 1 s and 86400 s, no token_type, an empty refresh token', () => {
    expect(readToken({ ...token, access_token: 'a'.repeat(4096) }).access_token).toHaveLength(4096);
    expect(readToken({ ...token, expires_in: 1 }).expires_in).toBe(1);
    expect(readToken({ ...token, expires_in: 86_400 }).expires_in).toBe(86_400);
    expect(readToken({ ...token, token_type: 'bearer', refresh_token: '' }).access_token).toBe(token.access_token);
    expect(readToken({ access_token: 'x', expires_in: 5, refresh_token: 'r t~' }).refresh_token).toBe('r t~');
  });

  it.each([
    ['no access token', { ...token, access_token: '' }, 'token response has no string "access_token"'],
    [
      'a 4097-character token',
      { ...token, access_token: 'a'.repeat(4097) },
      'token response "access_token" is not an RFC 6750 token of at most 4096 characters',
    ],
    [
      'padding in the middle',
      { ...token, access_token: 'ab=c' },
      'token response "access_token" is not an RFC 6750 token of at most 4096 characters',
    ],
    [
      'a space before',
      { ...token, access_token: ' abc' },
      'token response "access_token" is not an RFC 6750 token of at most 4096 characters',
    ],
    ['a MAC token', { ...token, token_type: 'mac' }, 'token response "token_type" is not Bearer'],
    [
      '0 s',
      { ...token, expires_in: 0 },
      'token response "expires_in" is not a whole number of seconds from 1 to 86400',
    ],
    [
      '86401 s',
      { ...token, expires_in: 86_401 },
      'token response "expires_in" is not a whole number of seconds from 1 to 86400',
    ],
    [
      '1.5 s',
      { ...token, expires_in: 1.5 },
      'token response "expires_in" is not a whole number of seconds from 1 to 86400',
    ],
    [
      'a refresh token with a newline',
      { ...token, refresh_token: 'r\nt' },
      'token response "refresh_token" is not a printable string of at most 4096 characters',
    ],
    [
      'a refresh token too long',
      { ...token, refresh_token: 'r'.repeat(4097) },
      'token response "refresh_token" is not a printable string of at most 4096 characters',
    ],
    [
      'a numeric refresh token',
      { ...token, refresh_token: 7 },
      'token response "refresh_token" is not a printable string of at most 4096 characters',
    ],
  ])('refuses a token answer with %s, retryable', (_case, body, what) => {
    const error = refusal(() => readToken(body, 'rq-1'));
    expect(error.message).toBe(`${prefix}${what} (requestId rq-1)`);
    expect([error.code, error.retryable, error.requestId]).toEqual(['INVALID_RESPONSE', true, 'rq-1']);
  });

  it('refuses links, customers and lists without their fields, not retryable', () => {
    expect(refusal(() => readMagicLink({ link: '' })).message).toBe(
      `${prefix}magic link response has no string "link"`,
    );
    expect(refusal(() => readMagicLink([])).retryable).toBe(false);
    expect(refusal(() => readCustomer({ id: '' })).message).toBe(`${prefix}customer response has no string "id"`);
    expect(refusal(() => readCustomerList({ items: {} })).message).toBe(
      `${prefix}customer list response has no "items" array`,
    );
    expect(refusal(() => readCustomerList({ items: [{ id: 'cus_1' }, { id: 2 }] })).message).toBe(
      `${prefix}customer list item has no string "id"`,
    );
  });

  it('normalises a list: has_more only when true, next_page only when a non-empty string', () => {
    expect(readCustomerList({ items: [], has_more: 'yes', next_page: '' })).toEqual({
      object: 'list',
      items: [],
      has_more: false,
      next_page: null,
    });
    expect(readCustomerList({ items: [{ id: 'c' }], has_more: true, next_page: 'p2' })).toEqual({
      object: 'list',
      items: [{ id: 'c' }],
      has_more: true,
      next_page: 'p2',
    });
  });

  it('describes errors for logs by status and code, never by message', () => {
    expect(describeError(invalidResponse('x', 'rq-2'))).toBe('INVALID_RESPONSE, requestId rq-2');
    expect(describeError(invalidResponse('x'))).toBe('INVALID_RESPONSE');
    expect(describeError(new TypeError('secret'))).toBe('TypeError');
    expect(describeError('secret')).toBe('unknown error');
  });
});

describe('CallBudget', () => {
  it('counts down from the deadline on its clock and names it when expired', () => {
    let now = 1000;
    const budget = new CallBudget(50, undefined, () => now);
    expect(budget.leftMs()).toBe(50);
    now = 1049;
    expect(() => budget.check('before the mint')).not.toThrow();
    now = 1050;
    const error = (() => {
      try {
        budget.check('before the mint');
      } catch (e) {
        return e as NomosTimeoutError;
      }
    })();
    expect(error).toBeInstanceOf(NomosTimeoutError);
    expect([error!.message, error!.code, error!.retryable]).toEqual([
      'Nomos API call reached its 50 ms deadline before the mint',
      'TIMEOUT',
      true,
    ]);
    expect(new CallBudget(undefined, undefined).leftMs()).toBe(Infinity);
  });

  it('stops waiting at the deadline, and at once on abort', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(new CallBudget(30, undefined).within(never, 'for the answer')).rejects.toThrow(
      'Nomos API call reached its 30 ms deadline for the answer',
    );
    const gone = new AbortController();
    const waiting = new CallBudget(undefined, gone.signal).within(never, 'x');
    gone.abort();
    await expect(waiting).rejects.toBeInstanceOf(NomosAbortedError);
    await expect(new CallBudget(undefined, gone.signal).sleep(10_000)).rejects.toBeInstanceOf(NomosAbortedError);
    expect(() => new CallBudget(undefined, gone.signal).check('x')).toThrow(NomosAbortedError);
    await expect(new CallBudget(1000, new AbortController().signal).within(Promise.resolve(7), 'x')).resolves.toBe(7);
  });
});
