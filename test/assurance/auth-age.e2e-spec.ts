// Issue 11 deliverable 5: `portal.maxAuthAgeMs` through real SAML. A sign-in whose AuthnInstant is
// too old is sent through the IdP with ForceAuthn; only a fresh AuthnInstant gets the link, and an
// IdP that answers with its old authentication again gets the person a page, not another round.
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { openPortal, roundTrip, STEP_UP_LOCATION, stepUpCookie } from './step-up-flow.js';

const MAX_AGE_MS = 15 * 60_000;
const LOGIN = '/auth/saml/login?returnTo=%2Fportal';
const ago = (ms: number) => new Date(Date.now() - ms);

describeEachDb('assurance: a recent sign-in required', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, portal: { maxAuthAgeMs: MAX_AGE_MS } });
  const latestRow = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const links = () => env.emulator.issuedLinks().length;

  it('sends a two-hour-old sign-in round the IdP with ForceAuthn alone; fresh AuthnInstant gets the link', async () => {
    const agent = request.agent(t.http);
    const old = ago(2 * 3_600_000);
    expect((await roundTrip(agent, idp, LOGIN, { authnInstant: old })).landed.headers.location).toBe('/portal');
    const before = links();
    const refused = await openPortal(agent);
    expect([refused.status, refused.headers.location]).toEqual([302, STEP_UP_LOCATION]);
    expect(links()).toBe(before);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: 'AUTHN_TOO_OLD' });
    expect((await latestRow()).authnInstant?.toISOString()).toBe(old.toISOString());

    // No context is required here, so none is requested: ForceAuthn alone.
    const { asked } = await roundTrip(agent, idp, STEP_UP_LOCATION);
    expect(asked).toMatchObject({ forceAuthn: true, requestedAuthnContext: undefined });
    const portal = await openPortal(agent);
    expect(portal.status).toBe(302);
    expect(links()).toBe(before + 1);
    expect(await latestRow()).toMatchObject({ outcome: 'issued' });
  });

  it('refuses a forced sign-in answered with the old AuthnInstant (ForceAuthn ignored): a page, audited', async () => {
    const agent = request.agent(t.http);
    const old = ago(3_600_000);
    await roundTrip(agent, idp, LOGIN, { authnInstant: old });
    expect((await openPortal(agent)).headers.location).toBe(STEP_UP_LOCATION);
    const { asked } = await roundTrip(agent, idp, STEP_UP_LOCATION, { authnInstant: old });
    expect(asked.forceAuthn).toBe(true);
    const before = links();
    const page = await openPortal(agent);
    expect(page.status).toBe(401);
    expect(page.headers.location).toBeUndefined();
    expect(page.text).toContain('Please sign in again');
    expect(stepUpCookie(page)).toBe('cleared');
    expect(links()).toBe(before);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: 'AUTHN_TOO_OLD' });
  });

  // Both answers are a 302: to the link, or to the forced sign-in.
  it.each([
    ['10 minutes old', 10 * 60_000, 'issued'],
    ['15 minutes and 10 s old (within the 30 s clock skew)', MAX_AGE_MS + 10_000, 'issued'],
    ['16 minutes old (past the skew)', MAX_AGE_MS + 60_000, 'denied'],
  ])('a sign-in %s is %s', async (_name, age, outcome) => {
    const agent = request.agent(t.http);
    await roundTrip(agent, idp, LOGIN, { authnInstant: ago(age) });
    const portal = await openPortal(agent);
    expect(portal.status).toBe(302);
    expect(portal.headers.location === STEP_UP_LOCATION).toBe(outcome === 'denied');
    expect(await latestRow()).toMatchObject({ outcome });
  });
});
