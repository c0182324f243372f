import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

describeEachDb('SAML across two replicas sharing one database', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const a = env.app({ idp });
  const b = env.app({ idp });

  it('finishes at B a login started at A, refuses the replay at A, and the session works on both', async () => {
    // One browser: its login-binding cookie from A travels with it to B (the completion step checks it).
    const login = await request(a.http).get('/auth/saml/login?returnTo=/portal').expect(302);
    const binding = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const authn = idp.parseAuthnRequest(login.headers.location);
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: authn.id,
    });

    const atB = await request(b.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: '/portal' })
      .expect(303);
    const done = await request(a.http)
      .get(atB.headers.location)
      .set('cookie', binding)
      .expect(303)
      .expect('Location', '/portal');
    const cookie = (done.headers['set-cookie'] as unknown as string[])[0].split(';')[0];

    const replay = await request(a.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: '/portal' });
    expect(replay.status).toBe(401);
    expect(replay.headers['set-cookie']).toBeUndefined();

    await request(a.http).post('/portal/link').set('x-nomos-portal', '1').set('cookie', cookie).expect(200);
    await request(b.http).post('/portal/link').set('x-nomos-portal', '1').set('cookie', cookie).expect(200);
  });

  it('refuses at either replica a response replayed after it was used at the other', async () => {
    const login = await request(b.http).get('/auth/saml/login').expect(302);
    const authn = idp.parseAuthnRequest(login.headers.location);
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: authn.id,
    });
    await request(b.http).post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(303);
    await request(b.http).post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(401);
    await request(a.http).post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(401);
  });
});
