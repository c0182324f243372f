import { X509Certificate } from 'node:crypto';
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SESSION_SECRET, SP_BASE_URL, SP_ENTITY_ID, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { AccountController } from '../host-routes/account.controller.js';

// Every SAML URL is `<saml.sp.baseUrl>/<samlRoutePrefix>/<route>`: the routes, the metadata, the
// AuthnRequest, the response checks and the start-up line agree under a prefix of the host's choice.
const PREFIXED = `${SP_BASE_URL}/corp/sso`;
const attribute = (xml: string, element: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<(?:md:)?${element}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

describeEachDb('SAML URLs under a non-default samlRoutePrefix', (kind) => {
  const idp = testIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: `${PREFIXED}/acs`, sloUrl: `${PREFIXED}/logout` } });
  const env = useSamlEnv(kind);
  const t = env.app({ idp, samlRoutePrefix: '/corp/sso/', controllers: [AccountController] });

  it('publishes the ACS and every logout binding under the prefix', async () => {
    const res = await request(t.http).get('/corp/sso/metadata').expect(200);
    expect(attribute(res.text, 'EntityDescriptor', 'entityID')).toEqual([SP_ENTITY_ID]);
    expect(attribute(res.text, 'AssertionConsumerService', 'Location')).toEqual([`${PREFIXED}/acs`]);
    const logout = `${PREFIXED}/logout`;
    expect(attribute(res.text, 'SingleLogoutService', 'Location')).toEqual([logout, logout]);
  });

  it('names the prefixed ACS in the AuthnRequest and signs in through the prefixed routes', async () => {
    const agent = request.agent(t.http);
    const start = await agent.get('/account/me').set('accept', 'text/html').expect(302);
    expect(start.headers.location).toBe('/corp/sso/login?returnTo=%2Faccount%2Fme');
    const login = await agent.get(start.headers.location).expect(302);
    const authn = idp.parseAuthnRequest(login.headers.location);
    expect(authn.acsUrl).toBe(`${PREFIXED}/acs`);
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: [...PEOPLE.alice.groups] },
      inResponseTo: authn.id,
    });
    const acs = await agent
      .post('/corp/sso/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: authn.relayState })
      .expect(303);
    expect(acs.headers.location).toBe(`/corp/sso/complete?request=${authn.id}`);
    const done = await agent.get(acs.headers.location).expect(303);
    expect(done.headers.location).toBe('/account/me');
    expect((await agent.get('/account/me').expect(200)).body.id).toBe(PEOPLE.alice.nameId);
  });

  it('logs the SP and IdP values and the IdP certificate’s expiry at start-up, and no secret', () => {
    const expiry = new Date(new X509Certificate(idp.signingCert).validTo).toISOString().slice(0, 10);
    expect(env.logs.text).toContain(
      `SAML SP ${SP_ENTITY_ID}: ACS ${PREFIXED}/acs, SLO ${PREFIXED}/logout, metadata ${PREFIXED}/metadata; ` +
        `IdP ${idp.endpoints.entityId}, signing certificate valid until ${expiry}`,
    );
    expect(env.logs.text).not.toContain(SESSION_SECRET);
  });
});
