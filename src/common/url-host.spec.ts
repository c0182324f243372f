import { isUrlHost } from './url-host.js';

describe('isUrlHost', () => {
  it.each([
    'portal.example.com',
    'ACME.customerportal.energy',
    'localhost',
    '10.0.0.1',
    '[::1]',
    '[2001:db8::1]',
    'a'.repeat(253),
  ])('accepts the bare host %s', (host) => expect(isUrlHost(host)).toBe(true));

  it.each([
    '',
    'a'.repeat(254),
    'app.example.com:8443',
    'a/b',
    'a?b',
    'user@host',
    'a b',
    'a\nb',
    '*.example.com',
    '[::1',
    'ex_ample.com',
    42,
  ])('refuses %p as a bare host', (host) => expect(isUrlHost(host)).toBe(false));

  it('takes a port only when asked, of at most five digits', () => {
    expect(isUrlHost('app.example.com:8443', { port: true })).toBe(true);
    expect(isUrlHost('[::1]:3000', { port: true })).toBe(true);
    expect(isUrlHost('app.example.com', { port: true })).toBe(true);
    expect(isUrlHost('app.example.com:123456', { port: true })).toBe(false);
    expect(isUrlHost('app.example.com:', { port: true })).toBe(false);
    expect(isUrlHost('https://app.example.com', { port: true })).toBe(false);
  });
});
