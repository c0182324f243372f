import { emailKey, sameEmail } from './email-match.js';

describe('emailKey: the ASCII-only comparison key of an email', () => {
  it('lower-cases A-Z only and keeps the domain', () => {
    expect(emailKey('Dora.Smith+Portal@Corp.EXAMPLE')).toEqual({
      address: 'dora.smith+portal@corp.example',
      domain: 'corp.example',
    });
    expect(emailKey(' \tdora@corp.example \t')).toEqual({ address: 'dora@corp.example', domain: 'corp.example' });
  });

  // Each of these folds (or looks like) an ASCII address under Unicode rules; none may match anything.
  it.each([
    ['KELVIN SIGN', '\u212Aate@corp.example'],
    ['fullwidth a', 'd\uFF4Fra@corp.example'],
    ['fullwidth @', 'dora\uFF20corp.example'],
    ['Cyrillic a', 'dor\u0430@corp.example'],
    ['dotted capital I', '\u0130ris@corp.example'],
    ['dotless i', '\u0131ris@corp.example'],
    ['combining acute accent', 'dora\u0301@corp.example'],
    ['precomposed e acute', 'ren\u00E9@corp.example'],
    ['sharp s', 'stra\u00DFe@corp.example'],
    ['ligature fi (NFKC changes it)', '\uFB01ona@corp.example'],
    ['non-ASCII domain', 'dora@c\u00F6rp.example'],
    ['zero-width space', 'dora\u200B@corp.example'],
    ['no-break space around it', '\u00A0dora@corp.example'],
    ['ideographic space around it', 'dora@corp.example\u3000'],
  ])('refuses %s', (_name, address) => {
    expect(emailKey(address)).toBeNull();
  });

  it.each([
    ['no @', 'dora.corp.example'],
    ['two @', 'dora@x@corp.example'],
    ['space inside', 'dora smith@corp.example'],
    ['control character', 'dora\n@corp.example'],
    ['empty local part', '@corp.example'],
    ['IP literal domain', 'dora@[127.0.0.1]'],
    ['trailing dot', 'dora@corp.example.'],
    ['empty', ''],
    ['not a string', 42],
  ])('refuses a malformed address: %s', (_name, address) => {
    expect(emailKey(address)).toBeNull();
  });

  it('matches only identical ASCII addresses, case-insensitively for A-Z', () => {
    expect(sameEmail('DORA@corp.example', 'dora@CORP.example')).toBe(true);
    expect(sameEmail('kate@corp.example', '\u212Aate@corp.example')).toBe(false);
    expect(sameEmail('\u212Aate@corp.example', '\u212Aate@corp.example')).toBe(false);
    expect(sameEmail('dora@corp.example', 'dora@corp.example.evil')).toBe(false);
    expect(sameEmail(null, 'dora@corp.example')).toBe(false);
  });
});
