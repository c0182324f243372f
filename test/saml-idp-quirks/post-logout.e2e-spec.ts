/**
 * Issue 10 item 7: single logout with IdPs that answer by HTTP-POST. Okta posts its signed
 * LogoutResponse to the app's Single Logout URL; Keycloak, with "Master SAML Processing URL" = the
 * ACS and its default "Force POST binding", posts its LogoutResponse and LogoutRequest to the ACS.
 */
import request from 'supertest';
import { ACS_URL, PEOPLE, signIn } from '../support/saml-app.js';
import { describeEachDb } from '../support/databases.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { decodeRedirect, verifyRedirectSignature } from '../../src/testing/index.js';
import { deliver, LOGOUT_URL, pathOf, quirkyIdp, signingSp, spSigning } from './quirks.js';

type Agent = ReturnType<typeof request.agent>;
const link = (agent: Agent) => agent.post('/portal/link').set('X-Nomos-Portal', '1');

describeEachDb('single logout answered by HTTP-POST (Okta, Keycloak)', (kind) => {
  const env = useSamlEnv(kind);
  const okta = quirkyIdp({ logoutResponseBinding: 'post' });
  const keycloak = quirkyIdp({ logoutResponseBinding: 'post', logoutResponseUrl: ACS_URL });
  const t = env.app({ idp: okta, saml: { sp: signingSp } });

  async function signedIn(sessionIndex: string): Promise<Agent> {
    const agent = request.agent(t.http);
    expect((await signIn(agent, okta, PEOPLE.alice, '/portal', { sessionIndex })).status).toBe(303);
    await link(agent).expect(200);
    return agent;
  }

  async function logged(send: () => Promise<unknown>): Promise<string> {
    const from = env.logs.text.length;
    await send();
    return env.logs.text.slice(from);
  }

  it("Okta: the signed POST LogoutResponse at the logout URL finishes the app's sign-out, once", async () => {
    const agent = await signedIn('_okta-1');
    const toIdp = await agent.post('/auth/saml/logout').expect(302);
    const answer = okta.answerLogout(toIdp.headers.location);
    // Okta requires the SP's LogoutRequest signed, with the certificate uploaded as Signature Certificate.
    expect(answer.request).toMatchObject({
      nameId: PEOPLE.alice.nameId,
      sessionIndex: '_okta-1',
      signatureValid: true,
    });
    expect(answer).toMatchObject({ binding: 'post', url: LOGOUT_URL });
    await link(agent).expect(401);
    expect((await deliver(t.http, answer).expect(302)).headers.location).toBe('/');
    const again = await logged(() => deliver(t.http, answer).expect(400));
    expect(again).toContain('SAML logout message refused: LogoutResponse answers no pending logout request');
  });

  it('Keycloak: the POST LogoutResponse at the ACS is handled as logout, not refused as login (was 401)', async () => {
    const agent = await signedIn('_kc-1');
    const answer = keycloak.answerLogout((await agent.post('/auth/saml/logout').expect(302)).headers.location);
    expect(answer).toMatchObject({ binding: 'post', url: ACS_URL });
    expect((await deliver(t.http, answer).expect(302)).headers.location).toBe('/');
    const again = await logged(() => deliver(t.http, answer).expect(400));
    expect(again).toContain('SAML logout message refused: LogoutResponse answers no pending logout request');
    expect(again).not.toContain('SAML response refused');
  });

  it('Keycloak: an IdP-initiated LogoutRequest posted to the ACS ends the session via the same-site step', async () => {
    const agent = await signedIn('_kc-2');
    const message = keycloak.postLogoutRequest({
      nameId: PEOPLE.alice.nameId,
      sessionIndex: '_kc-2',
      destination: ACS_URL,
      relayState: 'kc-rs',
    });
    const posted = await request(t.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLRequest: message.value, RelayState: 'kc-rs' })
      .expect(303);
    expect(posted.headers.location).toMatch(new RegExp(`^${LOGOUT_URL}\\?continue=_slo_[0-9a-f]{32}$`));
    const answer = await agent.get(pathOf(posted.headers.location)).expect(302);
    const back = decodeRedirect(answer.headers.location);
    expect(back.xml).toContain(`InResponseTo="${message.id}"`);
    expect(back.xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    expect(verifyRedirectSignature(back, spSigning.cert)).toBe(true);
    await link(agent).expect(401);
  });

  it('refuses at the ACS a logout message sent elsewhere, unsigned or tampered; the session stays', async () => {
    const agent = await signedIn('_kc-3');
    const elsewhere = keycloak.postLogoutRequest({ nameId: PEOPLE.alice.nameId, destination: LOGOUT_URL });
    const unsigned = keycloak.postLogoutRequest({ nameId: PEOPLE.alice.nameId, destination: ACS_URL, signed: false });
    const signed = keycloak.postLogoutRequest({ nameId: 'bob@corp.example', destination: ACS_URL });
    const tampered = Buffer.from(signed.xml.replace('bob@corp.example', PEOPLE.alice.nameId)).toString('base64');
    for (const [value, reason] of [
      [elsewhere.value, /logout message refused: Destination is not this ACS URL/],
      [unsigned.value, /logout message refused: Invalid signature on documentElement/],
      [tampered, /logout message refused: Invalid signature on documentElement/],
    ] as const) {
      const lines = await logged(() =>
        agent.post('/auth/saml/acs').type('form').send({ SAMLRequest: value }).expect(400),
      );
      expect(lines).toMatch(reason);
    }
    await link(agent).expect(200);
  });
});
