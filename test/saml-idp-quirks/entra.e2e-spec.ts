/**
 * Issue 10 item 7, Microsoft Entra ID: the LogoutResponse's Issuer is
 * https://login.microsoftonline.com/<tenant>/ while the metadata entity id (and every assertion's
 * Issuer) is https://sts.windows.net/<tenant>/; redirect queries use lower-case percent-escapes;
 * NameIDPolicy unspecified or persistent gives a pairwise id, emailAddress gives the email.
 */
import request from 'supertest';
import { PEOPLE, signIn } from '../support/saml-app.js';
import { describeEachDb } from '../support/databases.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { decodeRedirect, NAMEID_EMAIL } from '../../src/testing/index.js';
import {
  deliver,
  ENTRA_ENTITY_ID,
  ENTRA_LOGOUT_ISSUER,
  ENTRA_TENANT,
  LOGOUT_URL,
  pathOf,
  quirkyIdp,
  signingSp,
} from './quirks.js';

type Agent = ReturnType<typeof request.agent>;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const entraQuirks = {
  logoutIssuer: ENTRA_LOGOUT_ISSUER,
  lowercasePercentEncoding: true,
  nameIdPolicy: 'entra',
} as const;

describeEachDb('Microsoft Entra ID as it behaves (issuer alias, pairwise NameID)', (kind) => {
  const env = useSamlEnv(kind);
  const entra = quirkyIdp(entraQuirks, ENTRA_ENTITY_ID);
  const idp = { metadataXml: entra.metadataXml() };
  const aliased = env.app({
    idp: entra,
    saml: { sp: signingSp, idp: { ...idp, logoutIssuers: [ENTRA_LOGOUT_ISSUER] } },
  });
  const strict = env.app({ idp: entra, saml: { sp: signingSp, idp } });
  const byEmail = env.app({
    idp: entra,
    saml: { sp: signingSp, idp: { ...idp, logoutIssuers: [ENTRA_LOGOUT_ISSUER] }, nameIdFormat: NAMEID_EMAIL },
  });

  async function signedIn(http: Parameters<typeof request.agent>[0], sessionIndex: string): Promise<Agent> {
    const agent = request.agent(http);
    expect((await signIn(agent, entra, PEOPLE.alice, '/portal', { sessionIndex })).status).toBe(303);
    return agent;
  }

  async function logged(send: () => Promise<unknown>): Promise<string> {
    const from = env.logs.text.length;
    await send();
    return env.logs.text.slice(from);
  }

  it('by default (NameIDPolicy unspecified) signs the person in under a pairwise id, not the UPN', async () => {
    const lines = await logged(async () => {
      const agent = await signedIn(aliased.http, '_entra-1');
      const sloRequest = entra.answerLogout((await agent.post('/auth/saml/logout').expect(302)).headers.location);
      expect(sloRequest.request.nameId).not.toBe(PEOPLE.alice.nameId);
      expect(sloRequest.request.nameIdFormat).toBe(PERSISTENT);
    });
    expect(lines).toMatch(/signed in \S{44} via https:\/\/sts\.windows\.net\//);
    expect(lines).not.toContain(`signed in ${PEOPLE.alice.nameId}`);
  });

  it('with saml.nameIdFormat emailAddress asks for it and gets the email as user id', async () => {
    const agent = request.agent(byEmail.http);
    const login = await agent.get('/auth/saml/login?returnTo=%2Fportal').expect(302);
    expect(entra.parseAuthnRequest(login.headers.location).nameIdPolicyFormat).toBe(NAMEID_EMAIL);
    expect((await signIn(agent, entra, PEOPLE.alice)).status).toBe(303);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200); // alice's mapping is by email
  });

  it('accepts the LogoutResponse from the login.microsoftonline.com issuer in saml.idp.logoutIssuers', async () => {
    const agent = await signedIn(aliased.http, '_entra-2');
    const answer = entra.answerLogout((await agent.post('/auth/saml/logout').expect(302)).headers.location);
    expect(answer.binding).toBe('redirect');
    expect(answer.url).toMatch(/%[0-9a-f]{2}/); // lower-case escapes, signed as sent
    expect(decodeRedirect(answer.url).xml).toContain(`>${ENTRA_LOGOUT_ISSUER}<`);
    expect((await deliver(aliased.http, answer).expect(302)).headers.location).toBe('/');
  });

  it('refuses that issuer when it is not listed, and any other tenant even when one is', async () => {
    const agent = await signedIn(strict.http, '_entra-3');
    const answer = entra.answerLogout((await agent.post('/auth/saml/logout').expect(302)).headers.location);
    expect(await logged(() => deliver(strict.http, answer).expect(400))).toContain(
      'SAML logout message refused: Issuer is not the configured IdP',
    );
    const other = quirkyIdp(
      {
        ...entraQuirks,
        logoutIssuer: ENTRA_LOGOUT_ISSUER.replace(ENTRA_TENANT, '00000000-0000-0000-0000-000000000000'),
      },
      ENTRA_ENTITY_ID,
    );
    const agent2 = await signedIn(aliased.http, '_entra-4');
    const foreign = other.answerLogout((await agent2.post('/auth/saml/logout').expect(302)).headers.location);
    expect(await logged(() => deliver(aliased.http, foreign).expect(400))).toContain(
      'SAML logout message refused: Issuer is not the configured IdP',
    );
  });

  it('answers an IdP-initiated LogoutRequest from the alias issuer with Success and ends the session', async () => {
    const agent = await signedIn(aliased.http, '_entra-5');
    const named = entra.answerLogout((await agent.post('/auth/saml/logout').expect(302)).headers.location).request;
    const again = await signedIn(aliased.http, '_entra-6');
    const { redirectUrl } = entra.logoutRequest({
      nameId: named.nameId,
      nameIdFormat: PERSISTENT,
      sessionIndex: '_entra-6',
      destination: LOGOUT_URL,
    });
    const answer = await again.get(pathOf(redirectUrl)).expect(302);
    expect(decodeRedirect(answer.headers.location).xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    await again.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
  });
});
