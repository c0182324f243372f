import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SP_BASE_URL, SP_ENTITY_ID, signIn, testIdp } from '../support/saml-app.js';
import { TestIdp, RSA_SHA256, decodeRedirect, verifyRedirectSignature, testKeys } from '../../src/testing/index.js';
import { useSamlEnv } from '../support/saml-suite.js';

const LOGOUT_URL = `${SP_BASE_URL}/auth/saml/logout`;
/** The app's path for an absolute URL the IdP redirects the browser to. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describeEachDb('SAML logout', (kind) => {
  const keys = testKeys();
  const env = useSamlEnv(kind);
  let idp: TestIdp;

  const t = env.app({
    idp: testIdp(),
    saml: {
      sp: {
        entityId: SP_ENTITY_ID,
        baseUrl: SP_BASE_URL,
        signingKey: keys.spSigning.key,
        signingCert: keys.spSigning.cert,
      },
    },
  });

  beforeAll(async () => {
    idp = new TestIdp({ sp: { metadataXml: (await request(t.http).get('/auth/saml/metadata')).text } });
  });

  async function signedInAgent(sessionIndex: string) {
    const agent = request.agent(t.http);
    expect((await signIn(agent, idp, PEOPLE.alice, '/portal', { sessionIndex })).status).toBe(303);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200);
    return agent;
  }

  it('ends the local session and round-trips single logout with the IdP', async () => {
    const agent = await signedInAgent('_session-1');
    // A POST since issue 7 (a bare GET signs nobody out).
    const logout = await agent.post('/auth/saml/logout').expect(302);
    expect(logout.headers.location.startsWith(idp.endpoints.sloUrl)).toBe(true);
    const sloRequest = idp.parseLogoutRequest(logout.headers.location);
    expect(sloRequest).toMatchObject({ nameId: PEOPLE.alice.nameId, sessionIndex: '_session-1', signatureValid: true });

    // Signed out already, before the IdP answers.
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
    expect((await agent.get('/portal').set('accept', 'text/html').expect(302)).headers.location).toMatch(
      /^\/auth\/saml\/login\?/,
    );

    const { redirectUrl } = idp.logoutResponse({ inResponseTo: sloRequest.id, destination: LOGOUT_URL });
    const back = await agent.get(pathOf(redirectUrl)).expect(302);
    expect(back.headers.location).toBe('/');
    // The same LogoutResponse a second time answers no pending request.
    expect((await agent.get(pathOf(redirectUrl)).expect(400)).body).toMatchObject({ code: 'SAML_LOGOUT_REJECTED' });
  });

  it('refuses a LogoutResponse that answers no request of ours', async () => {
    const { redirectUrl } = idp.logoutResponse({ inResponseTo: '_never-sent', destination: LOGOUT_URL });
    expect((await request(t.http).get(pathOf(redirectUrl)).expect(400)).body).toMatchObject({
      code: 'SAML_LOGOUT_REJECTED',
    });
  });

  it('ends the session on an IdP-initiated LogoutRequest and answers with a signed LogoutResponse', async () => {
    const agent = await signedInAgent('_session-2');
    const { redirectUrl, id } = idp.logoutRequest({
      nameId: PEOPLE.alice.nameId,
      sessionIndex: '_session-2',
      destination: LOGOUT_URL,
    });
    const answer = await agent.get(pathOf(redirectUrl)).expect(302);
    const toIdp = new URL(answer.headers.location);
    expect(`${toIdp.origin}${toIdp.pathname}`).toBe(idp.endpoints.sloUrl);
    // Signed means verified: the IdP side checks the redirect signature over the query octets as
    // sent (SAML bindings §3.4.4.1) with the SP's signing certificate, and no other key passes.
    const message = decodeRedirect(answer.headers.location);
    expect(message).toMatchObject({ param: 'SAMLResponse', sigAlg: RSA_SHA256 });
    expect(verifyRedirectSignature(message, keys.spSigning.cert)).toBe(true);
    expect(verifyRedirectSignature(message, keys.idpA.cert)).toBe(false);
    // The signature covers exactly this message: one changed octet of the query and it fails.
    const flipped = { ...message, signedOctets: message.signedOctets!.replace('SigAlg=', 'SigAlg=x') };
    expect(verifyRedirectSignature(flipped, keys.spSigning.cert)).toBe(false);
    // And it is the answer to this request, saying Success, from this SP.
    expect(message.xml).toMatch(new RegExp(`<(\\w+:)?LogoutResponse\\b[^>]*\\bInResponseTo="${id}"`));
    expect(message.xml).toContain('StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"');
    expect(message.xml).toMatch(new RegExp(`<(\\w+:)?Issuer[^>]*>${SP_ENTITY_ID.replace(/[.]/g, '\\.')}</`));
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
  });

  it('refuses an unsigned IdP LogoutRequest and keeps the session', async () => {
    const agent = await signedInAgent('_session-3');
    const unsigned = idp.logoutRequest({
      nameId: PEOPLE.alice.nameId,
      sessionIndex: '_session-3',
      destination: LOGOUT_URL,
      signed: false,
    });
    expect((await agent.get(pathOf(unsigned.redirectUrl)).expect(400)).body).toMatchObject({
      code: 'SAML_LOGOUT_REJECTED',
    });
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200);
  });

  it('answers a signed LogoutRequest naming someone else with a non-success status', async () => {
    const agent = await signedInAgent('_session-4');
    const other = idp.logoutRequest({
      nameId: 'mallory@corp.example',
      sessionIndex: '_session-4',
      destination: LOGOUT_URL,
    });
    const answer = await agent.get(pathOf(other.redirectUrl)).expect(302);
    const encoded = new URL(answer.headers.location).searchParams.get('SAMLResponse')!;
    const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
    expect(xml).toMatch(/StatusCode Value="urn:oasis:names:tc:SAML:2\.0:status:(Requester|Responder)"/);
    expect(xml).not.toContain('status:Success');
    // passport-saml still ends the local session on any valid IdP LogoutRequest: the safe side.
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
  });

  it('logs out locally when the IdP has no single logout endpoint', async () => {
    const local = await env.start({
      idp: testIdp(),
      saml: { idp: { entityId: idp.endpoints.entityId, ssoUrl: idp.endpoints.ssoUrl, certs: [idp.signingCert] } },
    });
    const agent = request.agent(local.http);
    expect((await signIn(agent, testIdp(), PEOPLE.alice)).status).toBe(303);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200);
    expect((await agent.post('/auth/saml/logout').expect(302)).headers.location).toBe('/');
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
  });
});
