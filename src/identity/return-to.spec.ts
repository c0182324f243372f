import { isSafeReturnTo, toRelayState } from './return-to.js';

describe('isSafeReturnTo', () => {
  it.each(['/', '/portal', '/portal?tab=invoices', '/a/b#c'])('accepts %s', (path) =>
    expect(isSafeReturnTo(path)).toBe(true),
  );

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

describe('toRelayState', () => {
  it('keeps ordinary paths as they are', () =>
    expect(toRelayState('/portal?tab=invoices&x=%2F')).toBe('/portal?tab=invoices&x=%2F'));
  it('percent-encodes what node-saml would sign differently from what it sends', () =>
    expect(toRelayState("/a b!'()~*ü")).toBe('/a%20b%21%27%28%29%7E%2A%C3%BC'));
  it('stays a safe path', () => expect(isSafeReturnTo(toRelayState('/a b'))).toBe(true));
});
