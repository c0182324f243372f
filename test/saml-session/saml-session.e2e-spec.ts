import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SESSION_SECRET, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessionCookie = (res: request.Response) =>
  (res.headers['set-cookie'] as unknown as string[] | undefined)
    ?.find((c) => c.startsWith('nomos.sid='))
    ?.split(';')[0];

// Timing on a busy machine: a sleep or a request may take far longer than asked, never shorter.
// So each "not yet" step is bounded by client times taken on the safe side (before the server's
// own clock reading) with a wide margin, and each "now expired" step only waits longer than needed.
const IDLE_MS = 5000;
// A cookie's Expires has one-second resolution (truncated), so the browser drops it up to 1 s
// before the server's limit, and the store writes a new expiry only every touch interval (a tenth
// of the idle timeout); a step may take up to IDLE_MS - 1500 ms (3 s for its request) and still be
// inside both. Under load a sign-in alone took 2.5 s, so no step includes one.
const IDLE_STEP_MS = 500;
const IDLE_STEP_LIMIT_MS = IDLE_MS - 1500;
const ABSOLUTE_MS = 6000;

describeEachDb('SAML sessions: roles and timeouts', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const roles = env.app({ idp, saml: { portalRoles: ['energy-users'] } });
  const idle = env.app({
    idp,
    saml: { session: { secret: SESSION_SECRET, secureCookie: false, idleTimeoutMs: IDLE_MS } },
  });
  const absolute = env.app({
    idp,
    saml: { session: { secret: SESSION_SECRET, secureCookie: false, absoluteTimeoutMs: ABSOLUTE_MS } },
  });

  it('lets only people with a portal role open the portal', async () => {
    const staff = request.agent(roles.http);
    expect((await signIn(staff, idp, PEOPLE.alice)).status).toBe(303);
    expect((await staff.post('/portal/link').set('x-nomos-portal', '1').expect(403)).body.code).toBe(
      'NO_PORTAL_ACCESS',
    );

    const user = request.agent(roles.http);
    expect((await signIn(user, idp, { ...PEOPLE.alice, groups: ['staff', 'energy-users'] } as never)).status).toBe(303);
    await user.post('/portal/link').set('x-nomos-portal', '1').expect(200);
  });

  it('ends a session left idle longer than the idle timeout, and keeps an active one', async () => {
    const active = request.agent(idle.http);
    const resting = request.agent(idle.http);
    const restingCookie = sessionCookie(await signIn(resting, idp, PEOPLE.alice));
    const restingSince = Date.now(); // after its last request: it has rested at least this long
    expect(restingCookie).toBeDefined();
    await signIn(active, idp, PEOPLE.alice);
    let previousSent = Date.now(); // before the request that last renewed the active session
    await active.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    // Active more often than the idle limit, for longer than the limit in all.
    const activeSince = previousSent;
    while (Date.now() - activeSince <= IDLE_MS + IDLE_STEP_MS) {
      await sleep(IDLE_STEP_MS);
      const sent = Date.now();
      // The step's premise: inside the limit even as the cookie rounds it and the store lags.
      expect(sent - previousSent).toBeLessThan(IDLE_STEP_LIMIT_MS);
      await active.post('/portal/link').set('x-nomos-portal', '1').expect(200);
      previousSent = sent;
    }
    expect(Date.now() - restingSince).toBeGreaterThan(IDLE_MS);
    await resting.post('/portal/link').set('x-nomos-portal', '1').expect(401);
    // Not only the browser forgets it: the server refuses the idle session's cookie too.
    await request(idle.http).post('/portal/link').set('x-nomos-portal', '1').set('cookie', restingCookie!).expect(401);
  });

  it('ends a session at the absolute timeout however active it is', async () => {
    const agent = request.agent(absolute.http);
    // The server stamps sign-in between these two readings.
    const beforeSignIn = Date.now();
    await signIn(agent, idp, PEOPLE.alice);
    const afterSignIn = Date.now();
    // Active every 300 ms. A request answered within the limit of `beforeSignIn` was checked within
    // the limit of sign-in, so it must pass; one sent later than the limit after `afterSignIn` must
    // not. In between the outcome depends on when the server read its clock: either is right.
    let keptUntil = 0;
    let ended = false;
    for (;;) {
      const sent = Date.now();
      const res = await agent.post('/portal/link').set('x-nomos-portal', '1');
      const answered = Date.now();
      expect([200, 401]).toContain(res.status);
      if (answered - beforeSignIn <= ABSOLUTE_MS) {
        expect(res.status).toBe(200);
        keptUntil = answered - beforeSignIn;
      }
      if (sent - afterSignIn > ABSOLUTE_MS) expect(res.status).toBe(401);
      if (ended) expect(res.status).toBe(401); // once ended, it stays ended
      ended ||= res.status === 401;
      if (sent - afterSignIn > ABSOLUTE_MS) break;
      await sleep(300);
    }
    // It was kept active for most of its life, not refused from the start.
    expect(keptUntil).toBeGreaterThan(ABSOLUTE_MS / 2);
  });
});
