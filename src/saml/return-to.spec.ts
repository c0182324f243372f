import { isSafeReturnTo } from './return-to.js';

describe('isSafeReturnTo', () => {
  it.each(['/', '/portal', '/portal?tab=invoices', '/a/b#c'])('accepts %s', (path) => expect(isSafeReturnTo(path)).toBe(true));

  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '/\tevil',
    'javascript:alert(1)',
    '',
    '%E0%A4%A',
  ])('refuses %j', (value) => expect(isSafeReturnTo(value)).toBe(false));

  it('refuses non-strings', () => expect(isSafeReturnTo(['/portal'])).toBe(false));
});
