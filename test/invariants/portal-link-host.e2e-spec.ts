import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';
import { recordSecretsForRunner } from '../support/log-capture.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * Invariant 4 at the service level: whatever link Nomos answers, nobody is redirected anywhere but
 * an allowed portal host. The app runs with the default `allowedLinkHosts` (`*.customerportal.energy`);
 * the emulator is made to answer each link below (a 200 fault with the magic-link body).
 */
const REFUSED: [name: string, host: string, scheme?: string][] = [
  ['http instead of https', 'acme.customerportal.energy', 'http'],
  ['userinfo (user@)', 'user@acme.customerportal.energy'],
  ['userinfo (user:password@)', 'user:pw@acme.customerportal.energy'],
  ['userinfo naming the portal before an evil host', 'acme.customerportal.energy@evil.example'],
  ['the portal domain as a prefix of an evil host', 'acme.customerportal.energy.evil.example'],
  ['a hyphen for the dot', 'acme-customerportal.energy'],
  ['two labels below the wildcard', 'a.acme.customerportal.energy'],
  ['the bare portal domain (no label)', 'customerportal.energy'],
  ['an IDN lookalike in punycode (Cyrillic а)', new URL('https://acme.customerportаl.energy/').hostname],
  ['a trailing dot', 'acme.customerportal.energy.'],
  ['an IPv4 address', '127.0.0.1'],
  ['another TLD', 'acme.customerportal.energy.com'],
];

describeEachDb('invariant 4: a link on a host that is not allowed is never sent', (kind) => {
  let t: PortalTestApp;
  const planted: string[] = [];
  beforeAll(async () => {
    // Asserts mintAttempts: 1 per refused link over quick sequential requests (more than the
    // documented 10/s): a rate-limit retry would be an attempt this suite is not about.
    t = await startPortalApp(kind, {
      portal: { allowedLinkHosts: ['*.customerportal.energy'] },
      emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD,
    });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks([...t.secrets(), ...planted]);
    recordSecretsForRunner(planted);
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latest = async (): Promise<MagicLinkAudit> => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  /** Makes the emulator answer the next mint with a link on `host`. */
  const answerLink = (host: string, scheme = 'https') => {
    const tokenHash = randomBytes(28).toString('hex');
    planted.push(tokenHash);
    const link = `${scheme}://${host}/auth/confirm?token_hash=${tokenHash}&type=magiclink&next=/overview`;
    t.emulator.injectFault('mint', { status: 200, body: { object: 'magic_link', link } });
    return { link, tokenHash };
  };

  it("sends a link on an allowed host (the control: the refusals below are the host's doing)", async () => {
    const { link, tokenHash } = answerLink('acme.customerportal.energy');
    const res = await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302);
    expect(res.headers.location).toBe(link);
    expect(await latest()).toMatchObject({
      outcome: 'issued',
      linkHost: 'acme.customerportal.energy',
      linkFingerprint: sha256(tokenHash),
    });
  });

  describe.each(REFUSED)('%s', (_name, host, scheme) => {
    it('GET /portal: 502 INVALID_PORTAL_LINK, no Location, a failed row without fingerprint or host', async () => {
      const { tokenHash } = answerLink(host, scheme);
      const res = await request(t.http).get('/portal').set('x-test-user', 'alice').set('accept', 'application/json');
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'INVALID_PORTAL_LINK' });
      expect(res.headers.location).toBeUndefined();
      expect(res.text).not.toContain(tokenHash);
      expect(await latest()).toMatchObject({
        outcome: 'failed',
        errorCode: 'INVALID_PORTAL_LINK',
        mintAttempts: 1,
        linkFingerprint: null,
        linkHost: null,
      });
    });

    it('POST /portal/link: 502 INVALID_PORTAL_LINK, no link in the body, a failed row', async () => {
      const { tokenHash } = answerLink(host, scheme);
      const res = await request(t.http)
        .post('/portal/link')
        .set('x-nomos-portal', '1')
        .set('x-test-user', 'alice')
        .set('content-type', 'application/json')
        .send('{}');
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'INVALID_PORTAL_LINK' });
      expect(res.body.link).toBeUndefined();
      expect(res.text).not.toContain(tokenHash);
      expect(await latest()).toMatchObject({
        outcome: 'failed',
        errorCode: 'INVALID_PORTAL_LINK',
        linkFingerprint: null,
      });
    });
  });
});
