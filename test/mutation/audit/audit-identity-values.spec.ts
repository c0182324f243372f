// The exact rules of the identity columns (issue 11 deliverable 2): bounds, what counts as absent,
// which instants are read, and the one-text form of authn_context, where the e2e specs check rows.
import { AUTHN_CONTEXT_MAX, authnContextText, identityColumns } from '../../../src/audit/audit-identity-values.js';
import { checkQuery } from '../../../src/audit/audit-values.js';

const NULLS = { issuer: null, userName: null, sessionIndex: null, authnInstant: null, authnContext: null };

describe('identity columns', () => {
  it('are all null for an entry without a person', () => {
    expect(identityColumns({})).toEqual(NULLS);
    expect(identityColumns({ issuer: null, userName: null, authn: null })).toEqual(NULLS);
    expect(identityColumns({ authn: 'pwd' as never })).toEqual(NULLS);
  });

  it('clip each text to its column exactly and keep a value at the limit whole', () => {
    const columns = identityColumns({
      issuer: 'i'.repeat(1025),
      userName: 'u'.repeat(255),
      authn: { sessionIndex: 's'.repeat(256) },
    });
    expect([columns.issuer!.length, columns.userName!.length, columns.sessionIndex!.length]).toEqual([1024, 255, 255]);
    expect(identityColumns({ issuer: '\0' }).issuer).toBeNull();
  });

  it.each([
    ['2026-12-02T09:15:30.250Z', '2026-12-02T09:15:30.250Z'],
    ['2026-12-02T09:15:30Z', '2026-12-02T09:15:30.000Z'],
    ['2026-12-02T09:15Z', '2026-12-02T09:15:00.000Z'],
    ['2026-12-02T09:15:30.1234567Z', '2026-12-02T09:15:30.123Z'],
    ['2026-12-02T10:15:30.250+01:00', '2026-12-02T09:15:30.250Z'],
    ['2026-12-02T04:15:30.250-05:00', '2026-12-02T09:15:30.250Z'],
    // SAML times are UTC: a text without a zone is not read in the process's local time.
    ['2026-12-02T09:15:30.250', '2026-12-02T09:15:30.250Z'],
    ['2026-12-02T09:15', '2026-12-02T09:15:00.000Z'],
  ])('read the instant %s', (given, instant) => {
    expect(identityColumns({ authn: { authnInstant: given } }).authnInstant!.toISOString()).toBe(instant);
  });

  it.each([
    ['a zone without a time', '2026-12-02Z'],
    ['a zone without colon', '2026-12-02T09:15:30+0100'],
    ['a date only', '2026-12-02'],
    ['text before', 'x2026-12-02T09:15:30Z'],
    ['text after', '2026-12-02T09:15:30Zx'],
    ['ten fraction digits', '2026-12-02T09:15:30.1234567890Z'],
    ['an impossible month', '2026-13-02T09:15:30Z'],
    ['a number', 1764666930250],
    ['an invalid Date', new Date('nope')],
  ])('drop an instant with %s', (_case, given) => {
    expect(identityColumns({ authn: { authnInstant: given as string } }).authnInstant).toBeNull();
  });

  it('copy a Date instant rather than keep the caller’s object', () => {
    const given = new Date('2026-12-02T09:15:30.250Z');
    const stored = identityColumns({ authn: { authnInstant: given } }).authnInstant!;
    expect(stored).not.toBe(given);
    expect(stored.getTime()).toBe(given.getTime());
  });
});

describe('authn_context text', () => {
  it('is the class, the class and the methods, or the methods alone', () => {
    expect(authnContextText('urn:c', undefined)).toBe('urn:c');
    expect(authnContextText('urn:c', ['pwd', 'mfa'])).toBe('urn:c amr=pwd,mfa');
    expect(authnContextText(undefined, ['pwd'])).toBe('amr=pwd');
    expect(authnContextText('', [])).toBeNull();
    expect(authnContextText(undefined, 'pwd')).toBeNull();
  });

  it('removes separators and NUL from every value and skips what is not a name', () => {
    expect(authnContextText(' urn:a b,c\0 ', ['p\tw d', ',', '\0', 3, null, 'm\nf,a'])).toBe('urn:abc amr=pwd,mfa');
  });

  it('never exceeds the column, and never stores a cut method', () => {
    expect(AUTHN_CONTEXT_MAX).toBe(512);
    expect(authnContextText('c'.repeat(600), ['pwd'])).toBe('c'.repeat(512));
    const room = 'c'.repeat(512 - ' amr=pwd'.length);
    expect(authnContextText(room, ['pwd'])).toBe(`${room} amr=pwd`);
    expect(authnContextText(`${room}c`, ['pwd'])).toBe(`${room}c`);
    expect(authnContextText(room.slice(4), ['pwd', 'mfa', 'otp'])).toBe(`${room.slice(4)} amr=pwd,mfa`);
    const methods = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const text = authnContextText(undefined, methods)!;
    expect(text.length).toBeLessThanOrEqual(512);
    expect(text.slice(4).split(',')).toEqual(methods.slice(0, text.slice(4).split(',').length));
  });
});

describe('the issuer filter', () => {
  it('is kept, and refused when empty or not a string, naming the field', () => {
    expect(checkQuery({ issuer: 'https://idp.example/' })).toMatchObject({ issuer: 'https://idp.example/' });
    for (const issuer of ['', 7]) {
      expect(() => checkQuery({ issuer } as never)).toThrow(
        expect.objectContaining({ field: 'issuer', message: 'issuer must be a non-empty string when given' }),
      );
    }
  });
});
