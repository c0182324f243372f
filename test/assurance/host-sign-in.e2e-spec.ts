// Issue 11 deliverable 5 with `sso: 'none'`: the host signs people in itself, and the gate still
// checks the `authn` its resolver gives. Nothing there (or a time that is not one) fails closed; a
// refused browser is sent to the host's own login path with the ForceAuthn flag, once.
import request from 'supertest';
import type { Request } from 'express';
import { AuditService, MagicLinkService, StepUpRequiredError } from '../../src/index.js';
import type { PortalUser } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';
import { MFA } from './step-up-flow.js';

/** The host's sign-in, played by headers: the subject, and how it authenticated them (JSON). */
const resolveUser = {
  resolve(request: unknown): PortalUser | undefined {
    const http = request as Request;
    const id = http.get('x-test-user');
    const authn = http.get('x-test-authn');
    return id ? { id, ...(authn ? { authn: JSON.parse(authn) as PortalUser['authn'] } : {}) } : undefined;
  },
};

describeEachDb("assurance with the host's own sign-in", (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, {
      portal: { loginPath: '/login', resolveUser, requireAuthnContext: [MFA], maxAuthAgeMs: 600_000 },
    });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latestRow = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const open = (authn?: object) => {
    const call = request(t.http).get('/portal').set('Accept', 'text/html').set('x-test-user', 'alice');
    return authn ? call.set('x-test-authn', JSON.stringify(authn)) : call;
  };

  it.each([
    ['no authn at all', undefined, 'AUTHN_CONTEXT_INSUFFICIENT'],
    [
      'a password only',
      { contextClass: 'password', authnInstant: new Date().toISOString() },
      'AUTHN_CONTEXT_INSUFFICIENT',
    ],
    ['MFA but no AuthnInstant', { contextClass: MFA }, 'AUTHN_TOO_OLD'],
    ['MFA and a time that is not one', { contextClass: MFA, authnInstant: 'yesterday' }, 'AUTHN_TOO_OLD'],
    ['MFA and a local time without a zone', { methods: [MFA], authnInstant: '2026-12-02T10:00:00' }, 'AUTHN_TOO_OLD'],
  ])('refuses %s, sends the browser to the host login path with the flag, audited', async (_name, authn, code) => {
    const before = t.emulator.issuedLinks().length;
    const refused = await open(authn);
    expect([refused.status, refused.headers.location]).toEqual([302, '/login?returnTo=%2Fportal&forceAuthn=1']);
    expect(t.emulator.issuedLinks()).toHaveLength(before);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: code, userId: 'alice', customerId: null });
  });

  it('answers the page instead of a second redirect when the browser was sent already', async () => {
    const page = await open().set('Cookie', 'nomos-step-up=1');
    expect(page.status).toBe(401);
    expect(page.text).toContain('Stronger sign-in needed');
    expect(String(page.headers['set-cookie'])).toMatch(/^nomos-step-up=;/);
  });

  it('mints for a fresh MFA sign-in the host vouches for', async () => {
    const before = t.emulator.issuedLinks().length;
    const portal = await open({ contextClass: MFA, authnInstant: new Date(Date.now() - 60_000).toISOString() });
    expect(portal.status).toBe(302);
    expect(new URL(portal.headers.location).hostname).toMatch(/\.customerportal\.localhost$/);
    expect(t.emulator.issuedLinks()).toHaveLength(before + 1);
  });

  it('refuses a bare id given to MagicLinkService (no authn: fails closed), audited', async () => {
    const minting = t.app.get(MagicLinkService).mintForUser('alice');
    await expect(minting).rejects.toBeInstanceOf(StepUpRequiredError);
    await expect(minting).rejects.toMatchObject({ code: 'AUTHN_CONTEXT_INSUFFICIENT' });
    expect(await latestRow()).toMatchObject({
      outcome: 'denied',
      errorCode: 'AUTHN_CONTEXT_INSUFFICIENT',
      channel: 'service',
    });
  });
});
