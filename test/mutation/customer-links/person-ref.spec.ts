// Found by `npm run test:mutation`: which people personKeyOf accepts and the exact refusals (issuer
// length and control characters, a bare or missing subject), and the form userNameKey keeps a name in.
import { personKeyOf, userNameKey } from '../../../src/customer-links/person-ref.js';
import { refusal } from './refusal.js';

const DEFAULT = 'https://idp.example/entity';
const ISSUER_RULE = 'issuer must be a non-empty string of at most 1024 characters';
const ISSUER_CONTROL = 'issuer must not contain control characters';

describe('personKeyOf', () => {
  it('takes a bare subject at the default issuer and a key as given, nothing else of it', () => {
    expect(personKeyOf('ada', DEFAULT)).toEqual({ issuer: DEFAULT, subject: 'ada' });
    const given = { issuer: 'https://other.example', subject: 'bob', userName: 'x' } as never;
    expect(personKeyOf(given, DEFAULT)).toEqual({ issuer: 'https://other.example', subject: 'bob' });
  });

  it('refuses a missing person as a missing subject, never as a broken object', () => {
    expect(refusal(() => personKeyOf(null as never, DEFAULT))).toEqual(['userId', 'userId must be a non-empty string']);
    expect(refusal(() => personKeyOf(undefined as never, DEFAULT))).toEqual([
      'userId',
      'userId must be a non-empty string',
    ]);
    expect(refusal(() => personKeyOf({ issuer: DEFAULT } as never, DEFAULT))).toEqual([
      'userId',
      'userId must be a non-empty string',
    ]);
  });

  it('accepts an issuer of up to 1024 characters, with spaces and printable non-ASCII', () => {
    const longest = 'i'.repeat(1024);
    expect(personKeyOf({ issuer: longest, subject: 's' }, DEFAULT)).toEqual({ issuer: longest, subject: 's' });
    for (const issuer of ['a b', 'tilde~', 'nbsp\u00a0', 'x', ' x ']) {
      expect(personKeyOf({ issuer, subject: 's' }, DEFAULT).issuer).toBe(issuer);
    }
  });

  it.each([
    ['empty', ''],
    ['blank', ' \t '],
    ['1025 characters', 'i'.repeat(1025)],
    ['a number', 42],
    ['missing', undefined],
  ])('refuses an issuer that is %s', (_case, issuer) => {
    expect(refusal(() => personKeyOf({ issuer, subject: 's' } as never, DEFAULT))).toEqual(['issuer', ISSUER_RULE]);
  });

  it('checks the default issuer too when the person is a bare subject', () => {
    expect(refusal(() => personKeyOf('ada', ''))).toEqual(['issuer', ISSUER_RULE]);
    expect(refusal(() => personKeyOf('ada', 'idp\n'))).toEqual(['issuer', ISSUER_CONTROL]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['unit separator (last C0)', '\u001f'],
    ['DEL', '\u007f'],
    ['first C1 control', '\u0080'],
    ['last C1 control', '\u009f'],
  ])('refuses an issuer with %s', (_case, char) => {
    expect(refusal(() => personKeyOf({ issuer: `idp${char}x`, subject: 's' }, DEFAULT))).toEqual([
      'issuer',
      ISSUER_CONTROL,
    ]);
  });

  it('checks the subject after the issuer', () => {
    expect(refusal(() => personKeyOf({ issuer: DEFAULT, subject: 'a\u0000' }, DEFAULT))).toEqual([
      'userId',
      'userId must not contain control characters',
    ]);
    expect(refusal(() => personKeyOf({ issuer: '', subject: '' }, DEFAULT))).toEqual(['issuer', ISSUER_RULE]);
  });
});

describe('userNameKey', () => {
  it('trims and lower-cases', () => {
    expect(userNameKey('  Ada.Lovelace@Corp.Example\t')).toBe('ada.lovelace@corp.example');
    expect(userNameKey('ZOË')).toBe('zoë');
  });

  it('keeps a name of up to 255 characters, counted after trimming', () => {
    expect(userNameKey(` ${'N'.repeat(255)} `)).toBe('n'.repeat(255));
    expect(userNameKey('n'.repeat(256))).toBeNull();
  });

  it('gives null for what cannot be a name, without throwing', () => {
    for (const name of [undefined, null, 42, {}, '', '   ', 'a\u0000b', 'a\u001fb', 'a\u007fb', 'a\u0085b']) {
      expect(userNameKey(name)).toBeNull();
    }
    expect(userNameKey('a\u00a0b')).toBe('a\u00a0b');
  });
});
