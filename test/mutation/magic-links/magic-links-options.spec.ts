// Found by `npm run test:mutation`: the minting options were only exercised through whole-app
// config suites, which the mutation run leaves out; these pin the default, the refusals and their
// exact messages.
import { refusalOf } from '../config-refusal.js';
import { MAGIC_LINKS_DEFAULTS, resolveMagicLinksOptions } from '../../../src/magic-links/magic-links.options.js';

const messageOf = (options: unknown, path?: string) => refusalOf(resolveMagicLinksOptions, options, path);

describe('resolveMagicLinksOptions', () => {
  it('defaults to one label under customerportal.energy, in a copy the caller may change', () => {
    const resolved = resolveMagicLinksOptions({});
    expect(resolved).toEqual({
      allowedLinkHosts: ['*.customerportal.energy'],
      requireAuthnContext: [],
      maxAuthAgeMs: undefined,
      personRateLimit: { limit: 10, ttlMs: 60_000, storage: 'memory' },
      deepLinkPaths: ['/overview', '/invoices', '/meter-readings', '/prices', '/payment-method', '/settings'],
    });
    resolved.allowedLinkHosts.push('other.example');
    expect(MAGIC_LINKS_DEFAULTS.allowedLinkHosts).toEqual(['*.customerportal.energy']);
  });

  it('keeps the hosts it is given, wildcards included', () => {
    const hosts = ['portal.example.com', '*.customerportal.energy'];
    expect(resolveMagicLinksOptions({ allowedLinkHosts: hosts }).allowedLinkHosts).toEqual(hosts);
  });

  it('refuses an empty list and a non-list, naming the option and its variable', () => {
    const expected = 'portal.allowedLinkHosts (NOMOS_PORTAL_HOSTS) must be a non-empty array of host names';
    expect(messageOf({ allowedLinkHosts: [] })).toBe(expected);
    expect(messageOf({ allowedLinkHosts: 'portal.example.com' })).toBe(expected);
  });

  it.each(['https://portal.example.com', 'Portal.Example.com', 'portal.example.com:443', '', '*.'])(
    'refuses the host %p with an example of a good one',
    (host) => {
      expect(messageOf({ allowedLinkHosts: ['portal.example.com', host] })).toBe(
        `portal.allowedLinkHosts (NOMOS_PORTAL_HOSTS) contains ${JSON.stringify(host)}: use a lower-case host name ` +
          'such as "portal.example.com" or "*.customerportal.energy" (no scheme, no port)',
      );
    },
  );

  it('names the options under the path it is given', () => {
    expect(messageOf({ allowedLinkHosts: [] }, 'minting')).toMatch(/^minting\.allowedLinkHosts /);
  });

  describe('signup', () => {
    const secret = 's'.repeat(32);
    it('keeps a URL or a same-origin path, with a 14-day reference by default', () => {
      expect(resolveMagicLinksOptions({ signup: { url: '/signup', referenceSecret: secret } }).signup).toEqual({
        url: '/signup',
        referenceSecret: secret,
        referenceTtlMs: 14 * 86_400_000,
      });
      expect(
        resolveMagicLinksOptions({
          signup: { url: 'http://localhost:3000/s', referenceSecret: secret, referenceTtlMs: 60_000 },
        }).signup?.referenceTtlMs,
      ).toBe(60_000);
    });

    it.each([
      'http://energy.example/signup',
      '//evil.example/x',
      'javascript:alert(1)',
      'https://u:p@e.example/',
      'https://e.example/#x',
      '/a b',
      '',
    ])('refuses the signup URL %p', (url) => {
      expect(messageOf({ signup: { url, referenceSecret: secret } })).toBe(
        'portal.signup.url must be an https URL (http only for a loopback host) ' +
          'or a same-origin path such as "/signup"',
      );
    });

    it('refuses a short secret without quoting it, a bad time to live and a non-object', () => {
      expect(messageOf({ signup: { url: '/signup', referenceSecret: 'short-secret' } })).toBe(
        'portal.signup.referenceSecret must be a secret of at least 32 characters',
      );
      expect(messageOf({ signup: { url: '/signup', referenceSecret: secret, referenceTtlMs: 1000 } })).toBe(
        'portal.signup.referenceTtlMs must be from 60000 (1 minute) to 90 days',
      );
      expect(messageOf({ signup: 'https://e.example' })).toBe('portal.signup must be { url, referenceSecret }');
    });
  });
});
