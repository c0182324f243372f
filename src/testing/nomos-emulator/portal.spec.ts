import { request } from 'node:https';
import { fetchToken, mintLink } from './emulator-http.spec-helper.js';
import { devTls } from './dev-tls.js';
import { NomosEmulator } from './nomos-emulator.js';
import { openPortalLink, sessionCookie } from './open-portal-link.js';

const ANNA = 'cus_demo0anna0becker0000001';
const JONAS = 'cus_demo0jonas0weber0000002';

describe('NomosEmulator fake portal', () => {
  const emulator = new NomosEmulator();
  let token: string;
  beforeAll(async () => {
    await emulator.start();
    token = await fetchToken(emulator);
  });
  afterAll(() => emulator.stop());

  it('mints portal links shaped like the real ones and records them', async () => {
    const link = await mintLink(emulator, token, ANNA);
    const port = emulator.portalPort;
    expect(link).toMatch(
      new RegExp(
        `^https://acme-power\\.customerportal\\.localhost:${port}/auth/confirm\\?token_hash=[0-9a-f]{56}&type=magiclink&next=/overview$`,
      ),
    );
    const issued = emulator.issuedLinks().at(-1)!;
    expect(issued).toEqual({
      customerId: ANNA,
      tokenHash: new URL(link).searchParams.get('token_hash'),
      link,
      issuedAt: expect.any(Number),
    });
  });

  it('signs in once: the link opens the overview, sets a session, and fails the second time', async () => {
    const link = await mintLink(emulator, token, ANNA);
    const first = await openPortalLink(link);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<html lang="en">');
    expect(first.body).toMatch(/<title>[^<]+<\/title>/);
    expect(first.body).toContain(`<p data-customer-id="${ANNA}">Signed in as Anna Becker</p>`);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['set-cookie']?.[0]).toMatch(
      /^nomos_portal_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(emulator.issuedLinks().find((l) => l.link === link)?.usedAt).toEqual(expect.any(Number));

    const second = await openPortalLink(link);
    expect(second.status).toBe(410);
    expect(second.body).toContain('This link has already been used');
    expect(second.headers['set-cookie']).toBeUndefined();

    const overview = new URL('/overview', link).href;
    const signedIn = await openPortalLink(overview, sessionCookie(first.headers));
    expect([signedIn.status, signedIn.body.includes(`data-customer-id="${ANNA}"`)]).toEqual([200, true]);
    expect((await openPortalLink(overview)).status).toBe(401);
    expect((await openPortalLink(overview, 'nomos_portal_session=forged')).status).toBe(401);
  });

  it('sends a customer without subscription to the checkout, which also signs in', async () => {
    const link = await mintLink(emulator, token, JONAS);
    expect(link).toMatch(
      new RegExp(
        `^https://acme-power\\.customerportal\\.localhost:${emulator.portalPort}/start\\?token_hash=[0-9a-f]{56}&type=magiclink$`,
      ),
    );
    // A checkout token is not a portal sign-in token.
    const misused = new URL(link);
    misused.pathname = '/auth/confirm';
    expect((await openPortalLink(misused.href)).status).toBe(400);
    const checkout = await openPortalLink(link);
    expect(checkout.status).toBe(200);
    expect(checkout.body).toContain('<h1>Start your energy contract</h1>');
    expect(checkout.body).toContain(`data-customer-id="${JONAS}"`);
    expect(sessionCookie(checkout.headers)).toMatch(/^nomos_portal_session=/);
  });

  it('refuses expired links without consuming them', async () => {
    const shortLived = new NomosEmulator({ linkLifetimeSec: 0.5 });
    await shortLived.start();
    try {
      const link = await mintLink(shortLived, await fetchToken(shortLived), ANNA);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const res = await openPortalLink(link);
      expect([res.status, res.body.includes('This link has expired')]).toEqual([410, true]);
      expect(shortLived.issuedLinks()[0]?.usedAt).toBeUndefined();
    } finally {
      await shortLived.stop();
    }
  });

  it('refuses unknown tokens, a missing type, unknown pages and other methods', async () => {
    const origin = `https://acme-power.customerportal.localhost:${emulator.portalPort}`;
    const invalid = await openPortalLink(`${origin}/auth/confirm?token_hash=${'0'.repeat(56)}&type=magiclink`);
    expect([invalid.status, invalid.body.includes('This link is invalid')]).toEqual([400, true]);
    const link = new URL(await mintLink(emulator, token, ANNA));
    link.searchParams.delete('type');
    expect((await openPortalLink(link.href)).status).toBe(400);
    expect((await openPortalLink(`${origin}/invoices`)).status).toBe(404);
    const posted = await new Promise<number | undefined>((resolve, reject) => {
      const options = {
        host: '127.0.0.1',
        port: emulator.portalPort,
        path: '/overview',
        method: 'POST',
        ca: devTls().cert,
        agent: false,
      };
      const req = request(options, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(posted).toBe(405);
  });

  it('verifies TLS for real: the dev cert is only trusted when passed as CA, and only for its names', async () => {
    const link = await mintLink(emulator, token, ANNA);
    const withoutCa = new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: emulator.portalPort, servername: new URL(link).hostname, agent: false },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    await expect(withoutCa).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(openPortalLink(`https://portal.example.com:${emulator.portalPort}/overview`)).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await expect(openPortalLink('http://acme-power.customerportal.localhost/overview')).rejects.toThrow(/only https/);
    // The link was never opened by the failed attempts above.
    expect((await openPortalLink(link)).status).toBe(200);
  });
});
