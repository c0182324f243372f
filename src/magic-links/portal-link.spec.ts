import { createHash } from 'node:crypto';
import { PortalLinkRejectedError } from './magic-link.errors.js';
import { checkPortalLink, hostIsAllowed } from './portal-link.js';

const ALLOWED = ['*.customerportal.energy'];

describe('hostIsAllowed', () => {
  it.each([
    ['acme.customerportal.energy', true],
    ['customerportal.energy', false],
    ['a.b.customerportal.energy', false],
    ['acme.customerportal.energy.evil.example', false],
    ['evilcustomerportal.energy', false],
  ])('%s → %s', (host, expected) => expect(hostIsAllowed(host, ALLOWED)).toBe(expected));

  it('matches exact hosts exactly', () => {
    expect(hostIsAllowed('portal.example.com', ['portal.example.com'])).toBe(true);
    expect(hostIsAllowed('x.portal.example.com', ['portal.example.com'])).toBe(false);
  });
});

describe('checkPortalLink', () => {
  const link = 'https://acme.customerportal.energy/auth/confirm?token_hash=abc123&type=magiclink&next=/overview';

  it('returns the normalised link, the host and the SHA-256 of the token_hash', () => {
    expect(checkPortalLink(link, ALLOWED)).toEqual({
      href: link,
      host: 'acme.customerportal.energy',
      fingerprint: createHash('sha256').update('abc123').digest('hex'),
    });
  });

  it.each([
    ['plain http', link.replace('https:', 'http:')],
    ['a foreign host', link.replace('acme.customerportal.energy', 'evil.example')],
    ['userinfo in front of the host', link.replace('https://', 'https://acme.customerportal.energy@')],
    ['no token', 'https://acme.customerportal.energy/auth/confirm?type=magiclink'],
    ['two tokens', `${link}&token_hash=other`],
    ['garbage', 'not a url'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a leading space', ` ${link}`],
    ['a trailing space', `${link} `],
    ['a leading tab', `\t${link}`],
    ['a CR inside', link.replace('auth/', 'auth/\r')],
    ['a LF inside', link.replace('?', '\n?')],
    ['a NUL', `${link}\0`],
    ['a backslash for a slash', link.replace('https://', 'https:\\\\')],
    ['a backslash in the path', link.replace('/auth/', '/auth\\')],
    ['a non-breaking space', link.replace('type=', '\u00a0type=')],
    ['a bidi override', link.replace('next', '\u202enext')],
    ['a fullwidth character', link.replace('acme', 'ａcme')],
  ])('rejects %s without echoing the link', (_name, bad) => {
    let error: unknown;
    try {
      checkPortalLink(bad, ALLOWED);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PortalLinkRejectedError);
    expect((error as Error).message).not.toContain('abc123');
  });

  it('sends what it checked: href is the parsed, normalised form', () => {
    const shouting = link.replace('acme.customerportal.energy', 'ACME.CustomerPortal.Energy:443');
    expect(checkPortalLink(shouting, ALLOWED)).toMatchObject({ href: link, host: 'acme.customerportal.energy' });
  });
});
