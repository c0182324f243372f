// Found by `npm run test:mutation`: every accepted form of portal.autoLinkByEmail (flag, flag text,
// { domains }), de-duplicated domains, the exact start-up errors for the rest, and `enabled`.
import { EmailAutoLinkService } from '../../../src/customer-links/email-auto-link.service.js';
import type { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';
import { resolveCustomerLinksOptions } from '../../../src/customer-links/customer-links.options.js';
import type { CustomerLinksOptions } from '../../../src/customer-links/customer-links.options.js';
import type { ResolvedAutoLinkByEmail } from '../../../src/customer-links/customer-links.options.js';
import { NomosPortalConfigError } from '../../../src/errors/index.js';
import type { NomosApiClient } from '../../../src/nomos-api/index.js';

const SHAPE = 'must be true, false or { domains: [...] } with at least one email domain';
const domainRule = (domain: string) =>
  `portal.autoLinkByEmail.domains (NOMOS_PORTAL_AUTO_LINK_DOMAINS) contains ${JSON.stringify(domain)}: ` +
  'use lower-case ASCII email domains such as "corp.example" (no "@", no wildcard; punycode "xn--" for ' +
  'international domains)';

const resolve = (autoLinkByEmail: unknown, path?: string) =>
  resolveCustomerLinksOptions({ autoLinkByEmail } as CustomerLinksOptions, path).autoLinkByEmail;

const failure = (autoLinkByEmail: unknown, path?: string): string => {
  try {
    resolve(autoLinkByEmail, path);
  } catch (error) {
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('resolveCustomerLinksOptions', () => {
  it('is off when unset or false, also as text', () => {
    expect(resolveCustomerLinksOptions({})).toEqual({ autoLinkByEmail: false });
    for (const off of [undefined, false, 'false', ' FALSE ']) expect(resolve(off)).toBe(false);
  });

  it('accepts any domain for true, also as text', () => {
    for (const on of [true, 'true', ' True\t']) expect(resolve(on)).toEqual({ domains: null });
  });

  it('keeps the listed domains once each, in their order', () => {
    expect(resolve({ domains: ['corp.example'] })).toEqual({ domains: ['corp.example'] });
    expect(resolve({ domains: ['b.example', 'xn--bcher-kva.example', 'b.example'] })).toEqual({
      domains: ['b.example', 'xn--bcher-kva.example'],
    });
  });

  it.each([
    ['an empty list', { domains: [] }],
    ['no list', {}],
    ['a string for the list', { domains: 'corp.example' }],
    ['null', null],
    ['other text', 'yes'],
    ['a number', 1],
  ])('refuses %s, naming the option and its variable', (_case, given) => {
    expect(failure(given)).toBe(`portal.autoLinkByEmail (NOMOS_PORTAL_AUTO_LINK_BY_EMAIL) ${SHAPE}`);
  });

  it('names the option under the given path', () => {
    expect(failure({ domains: [] }, 'mapping')).toBe(`mapping.autoLinkByEmail ${SHAPE}`);
  });

  it.each([['Corp.example'], ['*.corp.example'], ['ada@corp.example'], ['localhost'], ['corp.example.']])(
    'refuses the domain %j, quoting it',
    (domain) => {
      expect(failure({ domains: ['ok.example', domain, 'Also.Bad'] })).toBe(domainRule(domain));
    },
  );

  it('quotes a domain that is not a string as JSON', () => {
    expect(failure({ domains: [7] })).toBe(domainRule(7 as never));
  });
});

describe('EmailAutoLinkService.enabled', () => {
  // `enabled` reads the options only; neither the mapping nor Nomos is asked.
  const service = (autoLinkByEmail: ResolvedAutoLinkByEmail) =>
    new EmailAutoLinkService({} as CustomerLinkService, {} as NomosApiClient, { autoLinkByEmail, issuer: 'app' });

  it('is on for any domain and for listed domains, off for false', () => {
    expect(service(false).enabled).toBe(false);
    expect(service({ domains: null }).enabled).toBe(true);
    expect(service({ domains: ['corp.example'] }).enabled).toBe(true);
  });
});
