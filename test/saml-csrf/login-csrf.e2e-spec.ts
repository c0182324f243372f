import request from 'supertest';
import { DataSource } from 'typeorm';
import { describeEachDb } from '../support/databases.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { SamlRequestEntry } from '../../src/index.js';
import { PEOPLE, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

type Agent = ReturnType<typeof request.agent>;
const alice = { ...PEOPLE.alice, groups: [...PEOPLE.alice.groups] };
const cookieNamed = (res: request.Response, name: string) =>
  (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith(`${name}=`));
/** Signed in, as the portal sees it: the JSON mint route answers 401 only to nobody. */
const portalStatus = async (agent: Agent) => (await agent.post('/portal/link').set('X-Nomos-Portal', '1')).status;

/**
 * Login CSRF: the attacker completes a login with their own account in their own browser and has
 * the victim's browser post the signed response to the ACS. The SAML response is genuine, so only
 * binding the login to the browser that began it can tell the two apart.
 */
describeEachDb('SAML login bound to the browser that started it', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp });
  const idpInitiated = env.app({ idp, saml: { allowIdpInitiated: true } });

  /** The attacker's own login: started in their browser, the IdP's genuine signed answer for it. */
  async function attackerResponse(
    app: SamlTestApp,
  ): Promise<{ attacker: Agent; samlResponse: string; requestId: string }> {
    const attacker = request.agent(app.http);
    const authn = idp.parseAuthnRequest(
      (await attacker.get('/auth/saml/login?returnTo=/portal').expect(302)).headers.location,
    );
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
    return { attacker, samlResponse, requestId: authn.id };
  }

  /** What the victim's browser does with the posted response: the ACS, then wherever it is sent. */
  async function postFrom(browser: Agent, samlResponse: string): Promise<request.Response[]> {
    const acs = await browser
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: '/portal' });
    return acs.status === 303 && acs.headers.location.startsWith('/auth/saml/')
      ? [acs, await browser.get(acs.headers.location)]
      : [acs];
  }

  it(
    'does not sign in a browser that never started the login ' + '(the attacker’s response posted from the victim’s)',
    async () => {
      const { samlResponse } = await attackerResponse(t);
      const victim = request.agent(t.http);
      const answers = await postFrom(victim, samlResponse);
      expect(answers.map((a) => a.status)).toEqual([303, 401]);
      expect(answers.some((a) => cookieNamed(a, 'nomos.sid'))).toBe(false);
      expect(await portalStatus(victim)).toBe(401);
      expect(env.logs.text).toContain('login was not started in this browser');
    },
  );

  it('does not sign it in either while the victim has a login of their own in progress', async () => {
    const victim = request.agent(t.http);
    await victim.get('/auth/saml/login?returnTo=/').expect(302);
    const { samlResponse } = await attackerResponse(t);
    const answers = await postFrom(victim, samlResponse);
    expect(answers.at(-1)!.status).toBe(401);
    expect(await portalStatus(victim)).toBe(401);
  });

  it(
    'refuses the same forwarding where IdP-initiated login ' + 'is on: only unsolicited responses skip the binding',
    async () => {
      const { samlResponse } = await attackerResponse(idpInitiated);
      const victim = request.agent(idpInitiated.http);
      expect((await postFrom(victim, samlResponse)).at(-1)!.status).toBe(401);
      expect(await portalStatus(victim)).toBe(401);
    },
  );

  it('signs in the browser that started the login, with a short-lived HttpOnly Lax binding cookie', async () => {
    const browser = request.agent(t.http);
    const login = await browser.get('/auth/saml/login?returnTo=/portal').expect(302);
    const binding = cookieNamed(login, 'nomos-saml-login');
    expect(binding).toMatch(/HttpOnly/i);
    expect(binding).toMatch(/SameSite=Lax/i);
    expect(binding).toMatch(/Path=\//);
    expect(binding).toMatch(/Max-Age=600\b/);
    const authn = idp.parseAuthnRequest(login.headers.location);
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
    const [acs, done] = await postFrom(browser, samlResponse);
    expect(acs.status).toBe(303);
    expect(cookieNamed(acs, 'nomos.sid')).toBeUndefined();
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/portal');
    expect(cookieNamed(done, 'nomos.sid')).toBeDefined();
    expect(await portalStatus(browser)).toBe(200);
  });

  it('finishes logins started in two tabs of one browser', async () => {
    const browser = request.agent(t.http);
    const first = idp.parseAuthnRequest(
      (await browser.get('/auth/saml/login?returnTo=/a').expect(302)).headers.location,
    );
    const second = idp.parseAuthnRequest(
      (await browser.get('/auth/saml/login?returnTo=/b').expect(302)).headers.location,
    );
    for (const [authn, landing] of [
      [second, '/b'],
      [first, '/a'],
    ] as const) {
      const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
      expect((await postFrom(browser, samlResponse)).at(-1)!.headers.location).toBe(landing);
    }
  });

  it('lets a completion link opened in another browser do nothing, and the right browser still finishes', async () => {
    const browser = request.agent(t.http);
    const authn = idp.parseAuthnRequest(
      (await browser.get('/auth/saml/login?returnTo=/portal').expect(302)).headers.location,
    );
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
    const acs = await browser.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(303);
    await browser.head(acs.headers.location).expect(405); // a HEAD neither finishes nor uses up the login
    const stranger = request.agent(t.http);
    await stranger.get('/auth/saml/login').expect(302); // holds a binding cookie, just not this login's
    expect((await stranger.get(acs.headers.location)).status).toBe(401);
    expect(await portalStatus(stranger)).toBe(401);
    expect((await browser.get(acs.headers.location)).status).toBe(303);
    expect(await portalStatus(browser)).toBe(200);
  });

  it('still refuses a replay: the completion step and the ACS each work once', async () => {
    const browser = request.agent(t.http);
    const authn = idp.parseAuthnRequest(
      (await browser.get('/auth/saml/login?returnTo=/portal').expect(302)).headers.location,
    );
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
    const acs = await browser.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(303);
    await browser.get(acs.headers.location).expect(303);
    await browser.get(acs.headers.location).expect(401);
    await browser.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(401);
    const fresh = request.agent(t.http);
    expect((await postFrom(fresh, samlResponse)).at(-1)!.status).toBe(401);
  });

  it('keeps no binding once a login is finished', async () => {
    const browser = request.agent(t.http);
    const authn = idp.parseAuthnRequest((await browser.get('/auth/saml/login').expect(302)).headers.location);
    const rows = t.app.get(DataSource).getRepository(SamlRequestEntry);
    const key = `#login:${authn.id}`;
    expect(await rows.countBy({ key })).toBe(1);
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id });
    expect((await postFrom(browser, samlResponse)).at(-1)!.status).toBe(303);
    expect(await rows.countBy({ key })).toBe(0);
    expect(await rows.countBy({ key: authn.id })).toBe(0);
  });
});
