// Found by `npm run test:mutation`: the minting options were only exercised through whole-app
// config suites, which the mutation run leaves out; these pin the default, the refusals and their
// exact messages.
import { refusalOf } from '../config-refusal.js';
import { MAGIC_LINKS_DEFAULTS, resolveMagicLinksOptions } from '../../../src/magic-links/magic-links.options.js';

const messageOf = (options: unknown, path?: string) => refusalOf(resolveMagicLinksOptions, options, path);

describe('resolveMagicLinksOptions', () => {
  it('defaults to one label under customerportal.energy, in a copy the caller may change', () => {
    const resolved = resolveMagicLinksOptions({});
    expect(resolved).toEqual({ allowedLinkHosts: ['*.customerportal.energy'] });
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
});
