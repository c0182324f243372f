/**
 * Issue 7, items 3 (logout half) and 4: single logout over both bindings the metadata advertises,
 * and a sign-out that only this app's own pages can trigger.
 */
import samlify from 'samlify';
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SP_BASE_URL, SP_ENTITY_ID, signIn, testIdp } from '../support/saml-app.js';
import { decodeRedirect, verifyRedirectSignature, TestIdp, testKeys } from '../../src/testing/index.js';
import { useSamlEnv } from '../support/saml-suite.js';

const LOGOUT_URL = `${SP_BASE_URL}/auth/saml/logout`;
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
type Agent = ReturnType<typeof request.agent>;
const link = (agent: Agent) => agent.post('/portal/link').set('X-Nomos-Portal', '1');

describeEachDb('SAML logout over HTTP-POST, and sign-out CSRF', (kind) => {
  const keys = testKeys();
  const env = useSamlEnv(kind);
  let idp: TestIdp;
  let metadata: string;

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
    metadata = (await request(t.http).get('/auth/saml/metadata').expect(200)).text;
    idp = new TestIdp({ sp: { metadataXml: metadata } });
  });

  async function signedInAgent(sessionIndex: string): Promise<Agent> {
    const agent = request.agent(t.http);
    expect((await signIn(agent, idp, PEOPLE.alice, '/portal', { sessionIndex })).status).toBe(303);
    await link(agent).expect(200);
    return agent;
  }

  async function logged(send: () => Promise<unknown>): Promise<string> {
    const from = env.logs.text.length;
    await send();
    return env.logs.text.slice(from);
  }

  it('advertises exactly the two bindings the logout route accepts', () => {
    const sp = samlify.SPMetadata(metadata);
    expect(sp.getSingleLogoutService('redirect')).toBe(LOGOUT_URL);
    expect(sp.getSingleLogoutService('post')).toBe(LOGOUT_URL);
    const bindings = [...metadata.matchAll(/<SingleLogoutService\b[^>]*Binding="([^"]+)"/g)].map((m) => m[1]);
    expect(bindings).toEqual([REDIRECT, POST]);
  });

  it(
    'ends the session on a signed IdP-initiated LogoutRequest ' +
      'posted cross-site (no cookie), via the same-site step',
    async () => {
      const agent = await signedInAgent('_post-1');
      const message = idp.postLogoutRequest({
        nameId: PEOPLE.alice.nameId,
        sessionIndex: '_post-1',
        destination: LOGOUT_URL,
        relayState: 'rs-1',
      });
      // The IdP's auto-posting page is another site: a SameSite=Lax cookie does not go with it.
      const posted = await request(t.http)
        .post('/auth/saml/logout')
        .type('form')
        .send({ SAMLRequest: message.value, RelayState: 'rs-1' })
        .expect(303);
      expect(posted.headers.location).toMatch(new RegExp(`^${LOGOUT_URL}\\?continue=_slo_[0-9a-f]{32}$`));
      await link(agent).expect(200); // nothing ended yet: the POST could not see the session

      const answer = await agent.get(pathOf(posted.headers.location)).expect(302);
      const toIdp = decodeRedirect(answer.headers.location);
      expect(answer.headers.location.startsWith(idp.endpoints.sloUrl)).toBe(true);
      expect(toIdp.param).toBe('SAMLResponse');
      expect(toIdp.xml).toContain(`InResponseTo="${message.id}"`);
      expect(toIdp.xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
      expect(toIdp.relayState).toBe('rs-1');
      expect(verifyRedirectSignature(toIdp, keys.spSigning.cert)).toBe(true);
      await link(agent).expect(401);

      // The continuation is single-use, and so is the LogoutRequest.
      await agent.get(pathOf(posted.headers.location)).expect(400);
      const replay = await logged(() =>
        request(t.http).post('/auth/saml/logout').type('form').send({ SAMLRequest: message.value }).expect(400),
      );
      expect(replay).toContain('SAML logout message refused: LogoutRequest already used (replay)');
    },
  );

  it('refuses unsigned, tampered and misaddressed POST LogoutRequests and keeps the session', async () => {
    const agent = await signedInAgent('_post-2');
    const unsigned = idp.postLogoutRequest({ nameId: PEOPLE.alice.nameId, destination: LOGOUT_URL, signed: false });
    const signed = idp.postLogoutRequest({ nameId: 'bob@corp.example', destination: LOGOUT_URL });
    const tampered = Buffer.from(signed.xml.replace('bob@corp.example', PEOPLE.alice.nameId), 'utf8').toString(
      'base64',
    );
    const elsewhere = idp.postLogoutRequest({
      nameId: PEOPLE.alice.nameId,
      destination: 'https://other-sp.example/logout',
    });
    for (const [value, reason] of [
      [unsigned.value, /refused: Invalid signature on documentElement/],
      [tampered, /refused: Invalid signature on documentElement/],
      [elsewhere.value, /refused: Destination is not this logout URL/],
    ] as const) {
      const lines = await logged(() =>
        agent.post('/auth/saml/logout').type('form').send({ SAMLRequest: value }).expect(400),
      );
      expect(lines).toMatch(reason);
    }
    await link(agent).expect(200);
  });

  it('finishes an SP-initiated logout that the IdP answers by POST, once', async () => {
    const agent = await signedInAgent('_post-3');
    const started = await agent.post('/auth/saml/logout').expect(302);
    const sloRequest = idp.parseLogoutRequest(started.headers.location);
    expect(sloRequest).toMatchObject({ nameId: PEOPLE.alice.nameId, sessionIndex: '_post-3', signatureValid: true });
    await link(agent).expect(401);

    const answer = idp.postLogoutResponse({ inResponseTo: sloRequest.id, destination: LOGOUT_URL });
    const back = await request(t.http)
      .post('/auth/saml/logout')
      .type('form')
      .send({ SAMLResponse: answer.value })
      .expect(302);
    expect(back.headers.location).toBe('/');
    const again = await logged(() =>
      request(t.http).post('/auth/saml/logout').type('form').send({ SAMLResponse: answer.value }).expect(400),
    );
    expect(again).toContain('SAML logout message refused: LogoutResponse answers no pending logout request');
  });

  it('refuses a POST LogoutResponse that is tampered or not Success', async () => {
    const agent = await signedInAgent('_post-4');
    const sloRequest = idp.parseLogoutRequest((await agent.post('/auth/saml/logout').expect(302)).headers.location);
    const failed = idp.postLogoutResponse({
      inResponseTo: sloRequest.id,
      destination: LOGOUT_URL,
      statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
    });
    const good = idp.postLogoutResponse({ inResponseTo: sloRequest.id, destination: LOGOUT_URL });
    const tampered = Buffer.from(
      good.xml.replace(`InResponseTo="${sloRequest.id}"`, 'InResponseTo="_other"'),
      'utf8',
    ).toString('base64');
    const send = (value: string) =>
      logged(() => request(t.http).post('/auth/saml/logout').type('form').send({ SAMLResponse: value }).expect(400));
    expect(await send(failed.value)).toContain('SAML logout message refused: LogoutResponse status is not Success');
    expect(await send(tampered)).toMatch(/SAML logout message refused: Invalid document signature/);
  });

  describe("the person's own sign-out", () => {
    it.each([
      ['a cross-site form', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' }],
      ['a sibling subdomain (same-site)', { 'Sec-Fetch-Site': 'same-site', Origin: 'http://files.localhost:4400' }],
      ['another Origin, no Fetch Metadata', { Origin: 'http://evil.localhost:4400' }],
      ['another Referer, no Origin or Fetch Metadata', { Referer: 'https://evil.example/page' }],
    ])('refuses %s with 403 and keeps the session', async (_name, headers) => {
      const agent = await signedInAgent('_csrf');
      const lines = await logged(() => agent.post('/auth/saml/logout').set(headers).expect(403));
      expect(lines).toMatch(/sign-out refused: not from this app's pages/);
      await link(agent).expect(200);
    });

    it("accepts a same-origin POST from the app's page", async () => {
      const agent = await signedInAgent('_csrf-ok');
      const out = await agent
        .post('/auth/saml/logout')
        .set({ 'Sec-Fetch-Site': 'same-origin', Origin: SP_BASE_URL })
        .expect(302);
      expect(out.headers.location.startsWith(idp.endpoints.sloUrl)).toBe(true);
      await link(agent).expect(401);
    });

    it('answers a bare GET (a link, an image, a prefetch) with 405 and signs nobody out', async () => {
      const agent = await signedInAgent('_get');
      const get = await agent.get('/auth/saml/logout').set('Accept', 'application/json').expect(405);
      expect(get.headers.allow).toBe('POST');
      await agent.head('/auth/saml/logout').expect(405);
      await agent.get('/auth/saml/logout?continue=_slo_00000000000000000000000000000000').expect(400);
      await link(agent).expect(200);
    });
  });
});
