import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { openPortalLink, TestIdp, testKeys } from '../../src/testing/index.js';
import { CUSTOMERS } from '../support/portal-app.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, completeSignIn, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

const cookieOf = (res: request.Response) =>
  (res.headers['set-cookie'] as unknown as string[] | undefined)
    ?.find((c) => c.startsWith('nomos.sid='))
    ?.split(';')[0];

describeEachDb('SAML sign-in, SP-initiated', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp });

  it('goes from a signed-out /portal through the IdP and back to a fresh Nomos link', async () => {
    const agent = request.agent(t.http);
    const start = await agent.get('/portal').set('accept', 'text/html').expect(302);
    expect(start.headers.location).toBe('/auth/saml/login?returnTo=%2Fportal');

    const login = await agent.get(start.headers.location).expect(302);
    const toIdp = new URL(login.headers.location);
    expect(`${toIdp.origin}${toIdp.pathname}`).toBe(idp.endpoints.ssoUrl);
    const authn = idp.parseAuthnRequest(login.headers.location);
    expect(authn.relayState).toBe('/portal');
    expect(authn.signed).toBe(false);

    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: authn.id,
    });
    const acs = await agent
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: authn.relayState })
      .expect(303);
    // The ACS (a cross-site POST) only verifies; the same-site completion step signs in.
    expect(acs.headers.location).toBe(`/auth/saml/complete?request=${authn.id}`);
    expect(acs.headers['set-cookie']).toBeUndefined();
    const done = await agent.get(acs.headers.location).expect(303);
    expect(done.headers.location).toBe('/portal');
    const cookie = (done.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^nomos\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const portal = await agent.get('/portal').set('accept', 'text/html').expect(302);
    const opened = await openPortalLink(portal.headers.location);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain(CUSTOMERS[0].id);
  });

  it('issues a new session id at every sign-in, and the old one stops working (no fixation)', async () => {
    const agent = request.agent(t.http);
    const first = cookieOf(await signIn(agent, idp, PEOPLE.alice));
    const second = cookieOf(await signIn(agent, idp, PEOPLE.alice));
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('cookie', second!).expect(200);
    await request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('cookie', first!).expect(401);
  });

  it('answers 404 "no energy account" for a signed-in person without a mapping', async () => {
    const agent = request.agent(t.http);
    expect((await signIn(agent, idp, PEOPLE.carol)).status).toBe(303);
    expect((await agent.post('/portal/link').set('x-nomos-portal', '1').expect(404)).body.code).toBe(
      'CUSTOMER_NOT_LINKED',
    );
  });

  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
  ])('lands on the default page for returnTo %j', async (evil) => {
    // As returnTo on the login route…
    const acs = await signIn(request.agent(t.http), idp, PEOPLE.alice, evil);
    expect(acs.status).toBe(303);
    expect(acs.headers.location).toBe('/');
    // …and as a RelayState forged on the way back (it is not signed).
    const agent = request.agent(t.http);
    const authn = idp.parseAuthnRequest(
      (await agent.get('/auth/saml/login?returnTo=/portal').expect(302)).headers.location,
    );
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: authn.id,
    });
    const forged = await completeSignIn(
      agent,
      await agent
        .post('/auth/saml/acs')
        .type('form')
        .send({ SAMLResponse: samlResponse, RelayState: evil })
        .expect(303),
    );
    // The return path is the one kept with the login's binding; the posted RelayState is ignored.
    expect(forged.status).toBe(303);
    expect(forged.headers.location).toBe('/portal');
  });

  it('serves SP metadata that the IdP can configure itself from', async () => {
    const res = await request(t.http).get('/auth/saml/metadata').expect(200);
    expect(res.headers['content-type']).toMatch(/samlmetadata\+xml/);
    expect(res.text).toContain('entityID="https://intranet.corp.example/saml"');
    expect(res.text).toContain('Location="http://localhost:4400/auth/saml/acs"');
    expect(res.text).toContain('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
    const configured = new TestIdp({ sp: { metadataXml: res.text } });
    expect(configured.sp.entityId).toBe('https://intranet.corp.example/saml');
    const acs = await signIn(request.agent(t.http), configured, PEOPLE.alice);
    expect(acs.status).toBe(303);
  });
});

describeEachDb('SAML sign-in with SP keys: signed AuthnRequest, encrypted assertion', (kind) => {
  const keys = testKeys();
  const env = useSamlEnv(kind);
  let t: SamlTestApp;
  let idp: TestIdp;

  beforeAll(async () => {
    const bootstrap = testIdp();
    t = await env.start({
      idp: bootstrap,
      saml: {
        sp: {
          entityId: 'https://intranet.corp.example/saml',
          baseUrl: 'http://localhost:4400',
          signingKey: keys.spSigning.key,
          signingCert: keys.spSigning.cert,
          decryptionKey: keys.spEncryption.key,
          decryptionCert: keys.spEncryption.cert,
        },
      },
    });
    // The IdP learns the SP's certificates the way a real one would: from the SP metadata.
    const metadata = await request(t.http).get('/auth/saml/metadata').expect(200);
    expect(metadata.text).toContain(keys.spSigning.cert.replace(/-----[^-]+-----|\s/g, '').slice(0, 60));
    idp = new TestIdp({ sp: { metadataXml: metadata.text } });
  });

  it('signs the AuthnRequest with RSA-SHA256, and the IdP verifies it', async () => {
    const login = await request(t.http).get('/auth/saml/login').expect(302);
    const authn = idp.parseAuthnRequest(login.headers.location);
    expect(authn.signed).toBe(true);
    expect(authn.sigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(authn.signatureValid).toBe(true);
  });

  it('accepts an encrypted assertion and signs the person in', async () => {
    const agent = request.agent(t.http);
    const acs = await signIn(agent, idp, PEOPLE.alice, '/portal', { encrypt: true });
    expect(acs.status).toBe(303);
    await agent.post('/portal/link').set('x-nomos-portal', '1').expect(200);
  });
});

describeEachDb('SAML sign-in under a global route prefix', (kind) => {
  const env = useSamlEnv(kind);
  const idp = new TestIdp({
    sp: { entityId: 'https://intranet.corp.example/saml', acsUrl: 'http://localhost:4400/api/auth/saml/acs' },
  });

  const t = env.app({
    idp,
    globalPrefix: 'api',
    saml: { sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'http://localhost:4400/api' } },
    portal: { loginPath: '/api/auth/saml/login' },
  });

  it('walks /api/portal → IdP → /api/auth/saml/acs → /api/portal → the portal', async () => {
    const agent = request.agent(t.http);
    const start = await agent.get('/api/portal').set('accept', 'text/html').expect(302);
    expect(start.headers.location).toBe('/api/auth/saml/login?returnTo=%2Fapi%2Fportal');
    const authn = idp.parseAuthnRequest((await agent.get(start.headers.location).expect(302)).headers.location);
    expect(authn.acsUrl).toBe('http://localhost:4400/api/auth/saml/acs');
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: authn.id,
    });
    const acs = await agent
      .post('/api/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: authn.relayState })
      .expect(303);
    expect(acs.headers.location).toBe(`/api/auth/saml/complete?request=${authn.id}`);
    expect((await agent.get(acs.headers.location).expect(303)).headers.location).toBe('/api/portal');
    const portal = await agent.get('/api/portal').expect(302);
    expect((await openPortalLink(portal.headers.location)).status).toBe(200);
  });
});
