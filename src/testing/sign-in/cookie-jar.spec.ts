import { CookieJar } from './cookie-jar.js';

describe('CookieJar', () => {
  it('sends back what was set, replaces a cookie set again and drops cleared ones', () => {
    const jar = new CookieJar();
    jar.store(['sid=s%3Aabc.sig; Path=/; HttpOnly; SameSite=Lax', 'nonce=n1; Path=/auth; Max-Age=300']);
    expect(jar.header()).toBe('sid=s%3Aabc.sig; nonce=n1');
    jar.store(['sid=s%3Adef.sig; Path=/', 'nonce=; Path=/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.header()).toBe('sid=s%3Adef.sig');
    jar.store(['sid=gone; Max-Age=0', 'broken-line-without-equals']);
    expect(jar.header()).toBe('');
  });
});
