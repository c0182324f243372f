import { isLoopbackHost } from './loopback-host.js';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '::1', '[::1]'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['localhost.example', '127.0.0.1.nip.io', '128.0.0.1', '0.0.0.0', '[::2]', '10.0.0.1', ''])(
    'refuses %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('takes what the URL parser gives as hostname, for the SAML and Nomos URLs alike', () => {
    expect(isLoopbackHost(new URL('http://[::1]:3000/acs').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://127.0.0.1:3000/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://idp.example/').hostname)).toBe(false);
  });
});
