// Found by `npm run test:mutation`: the exact edges and messages of the mapping's argument checks,
// and which driver errors count as a unique violation.
import { QueryFailedError } from 'typeorm';
import {
  assertCreatedBy,
  assertCustomerId,
  assertSource,
  assertUserId,
} from '../../../src/customer-links/customer-link.validation.js';
import { isUniqueViolation } from '../../../src/common/database-errors.js';
import { refusal } from './refusal.js';

describe('user ids', () => {
  it('accepts the edges of the allowed range', () => {
    for (const id of ['u'.repeat(255), 'a b', 'tilde~', 'nbsp\u00a0ok', 'astral\u{1F600}'])
      expect(() => assertUserId(id)).not.toThrow();
  });

  it.each([
    ['\u001f', 'unit separator (last C0)'],
    ['\u009f', 'last C1 control'],
    ['\u0080', 'first C1 control'],
  ])('refuses %j (%s) as a control character', (char) => {
    expect(refusal(() => assertUserId(`alice${char}`))).toEqual([
      'userId',
      'userId must not contain control characters',
    ]);
  });

  it('names the rule and the length, never the value', () => {
    expect(refusal(() => assertUserId(''))).toEqual(['userId', 'userId must be a non-empty string']);
    expect(refusal(() => assertUserId(42))).toEqual(['userId', 'userId must be a non-empty string']);
    expect(refusal(() => assertUserId('u'.repeat(256)))).toEqual([
      'userId',
      'userId must be at most 255 characters (got 256)',
    ]);
    expect(refusal(() => assertUserId('a\udc00'))).toEqual([
      'userId',
      'userId must be well-formed Unicode (it has a lone surrogate)',
    ]);
    expect(refusal(() => assertUserId('\ud800a'))).toEqual([
      'userId',
      'userId must be well-formed Unicode (it has a lone surrogate)',
    ]);
  });
});

describe('customer ids, sources and createdBy', () => {
  it('accepts a 64-character id of the allowed characters', () => {
    expect(() => assertCustomerId(`cus_${'A-9'.repeat(20)}`)).not.toThrow();
  });

  it('names the rule for each refusal', () => {
    expect(refusal(() => assertCustomerId(undefined))).toEqual(['customerId', 'customerId must be a non-empty string']);
    expect(refusal(() => assertCustomerId('c'.repeat(65)))).toEqual([
      'customerId',
      'customerId must be at most 64 characters (got 65)',
    ]);
    const pattern = 'customerId may contain only letters, digits, "_" and "-" (like a Nomos id such as cus_123)';
    expect(refusal(() => assertCustomerId('cus.1'))).toEqual(['customerId', pattern]);
    expect(refusal(() => assertCustomerId(' cus_1'))).toEqual(['customerId', pattern]);
    expect(refusal(() => assertCustomerId('cus_1 '))).toEqual(['customerId', pattern]);
    expect(refusal(() => assertSource('admin'))).toEqual([
      'source',
      'source must be one of "manual", "import", "email-match", "webhook"',
    ]);
    expect(refusal(() => assertCreatedBy(7))).toEqual([
      'createdBy',
      'createdBy must be a string of at most 255 characters when given',
    ]);
    expect(() => assertCreatedBy('x'.repeat(255))).not.toThrow();
    expect(() => assertCreatedBy(null)).not.toThrow();
  });
});

describe('isUniqueViolation', () => {
  const failed = (driverError: unknown) => new QueryFailedError('INSERT', [], driverError as Error);

  it('knows PostgreSQL 23505 and SQLite SQLITE_CONSTRAINT_UNIQUE', () => {
    expect(isUniqueViolation(failed({ code: '23505' }))).toBe(true);
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
  });

  it('falls back to the SQLite message when the driver gives no extended code', () => {
    expect(isUniqueViolation(failed({ message: 'UNIQUE constraint failed: nomos_customer_links.user_id' }))).toBe(true);
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT', message: 'NOT NULL constraint failed: x' }))).toBe(
      false,
    );
  });

  it('is false for other errors and for the same text outside a QueryFailedError', () => {
    expect(isUniqueViolation(failed({ code: '23503' }))).toBe(false);
    expect(isUniqueViolation(failed({}))).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false);
  });
});
