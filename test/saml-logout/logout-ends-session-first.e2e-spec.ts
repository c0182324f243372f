import session from 'express-session';
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SESSION_SECRET, SP_BASE_URL, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

/** A session store whose writes and deletes take a while, as a busy database's do. */
class SlowStore extends session.MemoryStore {
  override set(sid: string, data: session.SessionData, done?: (error?: unknown) => void): void {
    setTimeout(() => super.set(sid, data, done), 300);
  }
  override destroy(sid: string, done?: (error?: unknown) => void): void {
    setTimeout(() => super.destroy(sid, done), 300);
  }
}

// passport-saml starts ending the session and its redirect back to the IdP at the same time; the
// answer must wait for the session to end, or the next request finds the person still signed in.
describeEachDb('IdP LogoutRequest over HTTP-Redirect with a slow session store', (kind) => {
  const env = useSamlEnv(kind);
  const idp = testIdp();
  const t = env.app({
    idp,
    saml: { session: { secret: SESSION_SECRET, secureCookie: false, store: new SlowStore() } },
  });

  it('has ended the session by the time the answer arrives', async () => {
    const agent = request.agent(t.http);
    expect((await signIn(agent, idp, PEOPLE.alice, '/portal', { sessionIndex: '_slow-1' })).status).toBe(303);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200);
    const logout = idp.logoutRequest({
      nameId: PEOPLE.alice.nameId,
      sessionIndex: '_slow-1',
      destination: `${SP_BASE_URL}/auth/saml/logout`,
    });
    const target = new URL(logout.redirectUrl);
    const answer = await agent.get(`${target.pathname}${target.search}`).expect(302);
    expect(answer.headers.location.startsWith(idp.endpoints.sloUrl)).toBe(true);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(401);
  });
});
