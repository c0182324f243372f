// Issue 11 deliverable 5: the assurance gate before minting, through real SAML. A password-only
// sign-in where MFA is required is sent through the IdP again with ForceAuthn and a
// RequestedAuthnContext; what comes back is checked by the same gate, so an IdP that ignores the
// request gets the person nowhere (and not round in circles either).
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import type { Agent } from './step-up-flow.js';
import { MFA, openPortal, PASSWORD, roundTrip, STEP_UP_LOCATION, stepUpCookie } from './step-up-flow.js';

describeEachDb('assurance: MFA required', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, portal: { requireAuthnContext: [MFA] } });
  const latestRow = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const links = () => env.emulator.issuedLinks().length;

  /** A browser signed in with a password only, at the ordinary login route. */
  const passwordOnly = async (): Promise<Agent> => {
    const agent = request.agent(t.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/portal');
    expect([done.status, done.headers.location]).toEqual([303, '/portal']);
    expect(idp.lastRequest).toMatchObject({ forceAuthn: false, requestedAuthnContext: undefined });
    return agent;
  };

  /** Opens /portal and expects the step-up redirect: nothing minted, one denied row with the reason. */
  const refusedWithStepUp = async (agent: Agent, code = 'AUTHN_CONTEXT_INSUFFICIENT') => {
    const before = links();
    const portal = await openPortal(agent);
    expect([portal.status, portal.headers.location]).toEqual([302, STEP_UP_LOCATION]);
    expect(stepUpCookie(portal)).toBe('set');
    expect(links()).toBe(before);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: code, userId: PEOPLE.alice.nameId });
  };

  it('sends a password-only sign-in round the IdP with ForceAuthn and the context; MFA gets the link', async () => {
    const agent = await passwordOnly();
    await refusedWithStepUp(agent);

    const { asked, landed } = await roundTrip(agent, idp, STEP_UP_LOCATION, { authnContextClassRef: MFA });
    expect(asked).toMatchObject({
      forceAuthn: true,
      relayState: '/portal',
      requestedAuthnContext: { comparison: 'exact', classRefs: [MFA] },
    });
    expect([landed.status, landed.headers.location]).toEqual([303, '/portal']);

    const before = links();
    const portal = await openPortal(agent);
    expect(portal.status).toBe(302);
    expect(new URL(portal.headers.location).hostname).toMatch(/\.customerportal\.localhost$/);
    expect(links()).toBe(before + 1);
    expect(stepUpCookie(portal)).toBe('cleared');
    expect(await latestRow()).toMatchObject({ outcome: 'issued', authnContext: MFA });
  });

  it('refuses a forced sign-in answered with a password again (the IdP ignored it): a page, audited', async () => {
    const agent = await passwordOnly();
    await refusedWithStepUp(agent);
    const { asked, landed } = await roundTrip(agent, idp, STEP_UP_LOCATION, { authnContextClassRef: PASSWORD });
    expect(asked.forceAuthn).toBe(true);
    expect(landed.headers.location).toBe('/portal');

    const before = links();
    const page = await openPortal(agent);
    // No second redirect: an IdP that answers from its own session would send the browser round forever.
    expect(page.status).toBe(401);
    expect(page.headers.location).toBeUndefined();
    expect(page.text).toContain('Stronger sign-in needed');
    expect(page.text).toContain('multi-factor authentication');
    expect(stepUpCookie(page)).toBe('cleared');
    expect(links()).toBe(before);
    expect(await latestRow()).toMatchObject({
      outcome: 'denied',
      errorCode: 'AUTHN_CONTEXT_INSUFFICIENT',
      authnContext: PASSWORD,
    });
    // The page is no dead end: the next click may try a forced sign-in again.
    await refusedWithStepUp(agent);
  });

  it('lets a password class ref through when the methods name MFA (Entra authnmethodsreferences)', async () => {
    const agent = request.agent(t.http);
    const passwordMethod = 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password';
    const { landed } = await roundTrip(agent, idp, '/auth/saml/login?returnTo=%2Fportal', {
      authnContextClassRef: PASSWORD,
      methods: [passwordMethod, MFA],
    });
    expect(landed.headers.location).toBe('/portal');
    const before = links();
    const portal = await openPortal(agent);
    expect(portal.status).toBe(302);
    expect(links()).toBe(before + 1);
    expect(await latestRow()).toMatchObject({
      outcome: 'issued',
      authnContext: `${PASSWORD} amr=${passwordMethod},${MFA}`,
    });
  });

  it('answers the JSON route with 401 and the code, no redirect and no step-up mark', async () => {
    const agent = await passwordOnly();
    const before = links();
    const answer = await agent.post('/portal/link').set('Content-Type', 'application/json').send({});
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, code: 'AUTHN_CONTEXT_INSUFFICIENT' });
    expect(answer.headers.location).toBeUndefined();
    expect(stepUpCookie(answer)).toBeUndefined();
    expect(links()).toBe(before);
    expect(await latestRow()).toMatchObject({
      outcome: 'denied',
      errorCode: 'AUTHN_CONTEXT_INSUFFICIENT',
      channel: 'json',
    });
  });

  it('takes only the flag from the login URL: a foreign returnTo dropped, another value forces nothing', async () => {
    const agent = request.agent(t.http);
    const foreign = await agent.get('/auth/saml/login?returnTo=https%3A%2F%2Fevil.example%2F&forceAuthn=1').expect(302);
    expect(idp.parseAuthnRequest(foreign.headers.location)).toMatchObject({ forceAuthn: true, relayState: '/' });
    const other = await agent.get('/auth/saml/login?returnTo=%2Fportal&forceAuthn=true').expect(302);
    expect(idp.parseAuthnRequest(other.headers.location)).toMatchObject({
      forceAuthn: false,
      requestedAuthnContext: undefined,
    });
  });
});
