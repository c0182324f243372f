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

  it('returns the host and the SHA-256 of the token_hash', () => {
    expect(checkPortalLink(link, ALLOWED)).toEqual({
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
});
