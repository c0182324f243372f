import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { AccountController, BROWSER } from './account.controller.js';

describeEachDb('a host route guarded by SignedInGuard, with SAML sign-in', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, controllers: [AccountController] });
  const staffOnly = env.app({ idp, controllers: [AccountController], saml: { portalRoles: ['energy-users'] } });

  it('answers a signed-out API request 401 SIGN_IN_REQUIRED in JSON', async () => {
    const res = await request(t.http).get('/account/me').set('accept', 'application/json').expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'SIGN_IN_REQUIRED',
      message: 'Sign in to open your energy account.',
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends a signed-out browser to the SAML login with its way back', async () => {
    const res = await request(t.http).get('/account/me?tab=2').set('accept', BROWSER).expect(302);
    expect(res.headers.location).toBe('/auth/saml/login?returnTo=%2Faccount%2Fme%3Ftab%3D2');
  });

  it('reads the signed-in person with @CurrentPortalUser(), and one property with a key', async () => {
    const agent = request.agent(t.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/account/me');
    expect([done.status, done.headers.location]).toEqual([303, '/account/me']);
    const me = await agent.get('/account/me').expect(200);
    expect(me.body).toEqual({ id: PEOPLE.alice.nameId, email: PEOPLE.alice.email, displayName: 'Alice Energy' });
    const email = await agent.get('/account/email').expect(200);
    expect(email.body).toEqual({ email: PEOPLE.alice.email });
  });

  it('answers a signed-in person without a portal role 403 NO_PORTAL_ACCESS', async () => {
    const agent = request.agent(staffOnly.http);
    await signIn(agent, idp, PEOPLE.alice, '/account/me');
    const res = await agent.get('/account/me').set('accept', 'application/json').expect(403);
    expect(res.body.code).toBe('NO_PORTAL_ACCESS');
  });

  it('keeps the package’s own routes answering as before (signed-out /portal)', async () => {
    const res = await request(t.http).get('/portal').set('accept', 'text/html').expect(302);
    expect(res.headers.location).toBe('/auth/saml/login?returnTo=%2Fportal');
  });
});
