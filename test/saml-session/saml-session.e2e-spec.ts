import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import type { SamlEnv, SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, SESSION_SECRET, samlEnv, signIn, testIdp } from '../support/saml-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDb('SAML sessions: roles and timeouts', (kind) => {
  const idp = testIdp();
  let env: SamlEnv;
  let roles: SamlTestApp;
  let idle: SamlTestApp;
  let absolute: SamlTestApp;

  beforeAll(async () => {
    env = await samlEnv(kind);
    roles = await env.start({ idp, saml: { portalRoles: ['energy-users'] } });
    idle = await env.start({ idp, saml: { session: { secret: SESSION_SECRET, secureCookie: false, idleTimeoutMs: 2500 } } });
    absolute = await env.start({ idp, saml: { session: { secret: SESSION_SECRET, secureCookie: false, absoluteTimeoutMs: 3000 } } });
  });
  afterAll(async () => expect(await env.close()).toEqual([]));

  it('lets only people with a portal role open the portal', async () => {
    const staff = request.agent(roles.http);
    expect((await signIn(staff, idp, PEOPLE.alice)).status).toBe(303);
    expect((await staff.post('/portal/link').set('x-nomos-portal', '1').expect(403)).body.code).toBe('NO_PORTAL_ACCESS');

    const user = request.agent(roles.http);
    expect((await signIn(user, idp, { ...PEOPLE.alice, groups: ['staff', 'energy-users'] } as never)).status).toBe(303);
    await user.post('/portal/link').set('x-nomos-portal', '1').expect(200);
  });

  it('ends a session left idle longer than the idle timeout, and keeps an active one', async () => {
    const active = request.agent(idle.http);
    const resting = request.agent(idle.http);
    await signIn(active, idp, PEOPLE.alice);
    await signIn(resting, idp, PEOPLE.alice);
    // Cookie expiry has one-second resolution, so the steps are well apart from the 2.5 s limit.
    for (let i = 0; i < 3; i++) {
      await sleep(1000);
      await active.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    }
    await resting.post('/portal/link').set('x-nomos-portal', '1').expect(401);
  });

  it('ends a session at the absolute timeout however active it is', async () => {
    const agent = request.agent(absolute.http);
    await signIn(agent, idp, PEOPLE.alice);
    await agent.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    // Active every 600 ms, well inside the 3 s limit on a busy machine too; then past it.
    const signedInAt = Date.now();
    for (let i = 0; i < 3; i++) {
      await sleep(600);
      await agent.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    }
    await sleep(Math.max(0, signedInAt + 3500 - Date.now()));
    await agent.post('/portal/link').set('x-nomos-portal', '1').expect(401);
  });
});
