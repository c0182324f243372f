// Found by `npm run test:mutation`: the exact rules of the audit's value checks (bounds, anchors,
// messages, clipping at a surrogate pair), where the service specs only check "refused or not".
import { decodeAuditCursor, encodeAuditCursor } from '../../../src/audit/audit-cursor.js';
import { AuditWriteError, InvalidAuditQueryError } from '../../../src/audit/audit.errors.js';
import type { AuditCompletion } from '../../../src/audit/audit.types.js';
import { assertChannel, checkQuery, clip, completionColumns } from '../../../src/audit/audit-values.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as Error & { field?: string };
  }
  throw new Error('expected a refusal');
};

describe('audit cursors', () => {
  it('round-trips an id through an opaque base64url cursor', () => {
    expect(encodeAuditCursor(42)).toBe(b64('v1:42'));
    expect(decodeAuditCursor(encodeAuditCursor(42))).toBe(42);
    expect(decodeAuditCursor(b64('v1:9007199254740991'))).toBe(9007199254740991);
  });

  it.each([
    ['text before the cursor', `!${b64('v1:5')}`],
    ['text after the cursor', `${b64('v1:5')}!`],
    ['a payload with a prefix', b64('xv1:5')],
    ['a payload with a suffix', b64('v1:5x')],
    ['a zero id', b64('v1:0')],
    ['an id past the safe integers', b64('v1:9007199254740993')],
    ['a number', 5],
  ])('refuses %s, naming the field', (_case, cursor) => {
    const error = refusal(() => decodeAuditCursor(cursor));
    expect(error).toBeInstanceOf(InvalidAuditQueryError);
    expect(error.field).toBe('after');
    expect(error.message).toBe('after must be a cursor returned as `next` by a previous query');
  });
});

describe('clip', () => {
  it('keeps absent values null and drops NUL', () => {
    expect(clip(undefined, 5)).toBeNull();
    expect(clip(null, 5)).toBeNull();
    expect(clip('a\0b', 5)).toBe('ab');
  });

  it('cuts at the limit without splitting a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abcd');
    expect(clip(`abc${'\u{1F600}'}`, 4)).toBe('abc');
    expect(clip(`abc\ud800x`, 4)).toBe('abc');
    expect(clip(`abc\udbffx`, 4)).toBe('abc');
    expect(clip(`abc\ud7ffx`, 4)).toBe('abc\ud7ff');
    expect(clip(`abc\udc00x`, 4)).toBe('abc\udc00');
    // Exactly at the limit nothing is cut, even a final high surrogate.
    expect(clip(`abc\ud83d`, 4)).toBe('abc\ud83d');
  });
});

describe('completion values', () => {
  const ok: AuditCompletion = { outcome: 'issued', mintAttempts: 0, durationMs: 0 };

  it('maps a minimal completion, rounding and capping the duration', () => {
    const columns = completionColumns({ ...ok, durationMs: 41.5 });
    expect(columns).toMatchObject({
      outcome: 'issued',
      errorCode: null,
      nomosRequestId: null,
      linkFingerprint: null,
      linkHost: null,
      mintAttempts: 0,
      durationMs: 42,
    });
    expect(columns.completedAt).toBeInstanceOf(Date);
    expect(completionColumns({ ...ok, durationMs: 1e12 }).durationMs).toBe(2_147_483_647);
    expect(completionColumns({ ...ok, linkHost: 'acme.customerportal.energy:8443' }).linkHost).toBe(
      'acme.customerportal.energy:8443',
    );
    const long = completionColumns({ ...ok, errorCode: 'E'.repeat(200), nomosRequestId: 'r'.repeat(200) });
    expect([long.errorCode!.length, long.nomosRequestId!.length]).toEqual([128, 128]);
  });

  it.each([
    [{ outcome: 'pending' }, 'outcome must be one of issued, failed, denied, abandoned'],
    [{ mintAttempts: -1 }, 'mintAttempts must be a non-negative integer'],
    [{ mintAttempts: Number.MAX_SAFE_INTEGER + 1 }, 'mintAttempts must be a non-negative integer'],
    [{ durationMs: -0.5 }, 'durationMs must be a non-negative number'],
    [{ durationMs: Number.POSITIVE_INFINITY }, 'durationMs must be a non-negative number'],
    [{ linkFingerprint: `x${'a'.repeat(64)}` }, 'linkFingerprint must be 64 lowercase hex digits (a SHA-256)'],
    [{ linkFingerprint: `${'a'.repeat(64)}x` }, 'linkFingerprint must be 64 lowercase hex digits (a SHA-256)'],
    [{ linkHost: '/acme.customerportal.energy' }, 'linkHost must be a bare host name, not a URL'],
    [{ linkHost: 'acme.customerportal.energy/' }, 'linkHost must be a bare host name, not a URL'],
    [{ linkHost: 'acme.customerportal.energy:123456' }, 'linkHost must be a bare host name, not a URL'],
    [{ linkHost: 'a'.repeat(254) }, 'linkHost must be a bare host name, not a URL'],
  ])('refuses %j with its own reason', (change, reason) => {
    const error = refusal(() => completionColumns({ ...ok, ...change } as AuditCompletion));
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error.message).toBe(`Audit completion refused: ${reason}`);
  });

  it('names the channels it accepts', () => {
    for (const channel of ['redirect', 'json', 'service']) expect(() => assertChannel(channel)).not.toThrow();
    const error = refusal(() => assertChannel('email'));
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error.message).toBe('Audit entry refused: channel must be one of redirect, json, service');
  });
});

describe('query filters', () => {
  it('defaults the page to 50 rows and caps it at 500', () => {
    expect(checkQuery({}).limit).toBe(50);
    expect(checkQuery({ limit: 1 }).limit).toBe(1);
    expect(checkQuery({ limit: 500 }).limit).toBe(500);
    expect(checkQuery({ limit: 501 }).limit).toBe(500);
    const at = new Date('2030-01-01T00:00:00.000Z');
    expect(checkQuery({ userId: 'u', customerId: 'c', outcome: 'issued', from: at, to: at })).toEqual({
      userId: 'u',
      customerId: 'c',
      outcome: 'issued',
      from: at,
      to: at,
      limit: 50,
    });
  });

  it.each([
    [{ userId: '' }, 'userId', 'userId must be a non-empty string when given'],
    [{ customerId: 7 }, 'customerId', 'customerId must be a non-empty string when given'],
    [{ outcome: 'lost' }, 'outcome', 'outcome must be one of pending, issued, failed, denied, abandoned'],
    [{ from: new Date(Number.NaN) }, 'from', 'from must be a valid Date when given'],
    [{ to: '2030-01-01' }, 'to', 'to must be a valid Date when given'],
    [{ from: new Date(2), to: new Date(1) }, 'from', 'from must not be later than to'],
    [{ limit: 0 }, 'limit', 'limit must be a positive integer (values above 500 are capped)'],
    [{ limit: 2.5 }, 'limit', 'limit must be a positive integer (values above 500 are capped)'],
  ])('refuses %j, naming %s', (filter, field, message) => {
    const error = refusal(() => checkQuery(filter as never));
    expect(error).toBeInstanceOf(InvalidAuditQueryError);
    expect([error.field, error.message]).toEqual([field, message]);
  });
});
