import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { CUSTOMERS } from '../support/portal-app.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, completeSignIn, signIn, testIdp } from '../support/saml-app.js';
import * as tamper from '../support/saml-tamper/tamper.js';
import type { TestIdp, LoginResponseOptions } from '../../src/testing/index.js';
import { useSamlEnv } from '../support/saml-suite.js';

type Agent = ReturnType<typeof request.agent>;
const alice = { ...PEOPLE.alice, groups: [...PEOPLE.alice.groups] };
const SIZE_LIMIT = 20_000;
const seconds = (s: number) => new Date(Date.now() + s * 1000);

/** What a refusal is built from: the browser's own login, and a way to sign a response to it. */
interface RefusalContext {
  app: SamlTestApp;
  browser: Agent;
  requestId: string;
  sign(extra?: Partial<LoginResponseOptions>): Promise<string>;
  /** A genuine response to a login another browser started (for the replay and CSRF cases). */
  foreign(): Promise<{ samlResponse: string; other: Agent }>;
}

/** [name, which app, the SAMLResponse to post, the status the last step answers]. */
type Refusal = [name: string, app: 'strict' | 'small', build: (c: RefusalContext) => Promise<string>, status: number];

/**
 * Invariant 6: bad input gets a clear answer and changes nothing. After each refused sign-in, the
 * SAME browser (the same cookie jar) signs in genuinely, reaches /portal and gets its link. A
 * refusal that left state behind (a poisoned binding, a half-made session, a spent nonce) fails here.
 */
describeEachDb('invariant 6: a refused sign-in leaves the browser able to sign in', (kind) => {
  const idp: TestIdp = testIdp();
  const env = useSamlEnv(kind);
  const strict = env.app({ idp });
  const small = env.app({ idp, saml: { maxResponseBytes: SIZE_LIMIT } });

  const REFUSALS: Refusal[] = [
    ['a bad signature (signed by an unknown key)', 'strict', (c) => c.sign({ signingKey: 'attacker' }), 401],
    [
      'content changed after signing',
      'strict',
      async (c) => tamper.changeNameIdAfterSigning(await c.sign(), 'mallory@corp.example'),
      401,
    ],
    [
      'a replay of a response another browser used',
      'strict',
      async (c) => {
        const { samlResponse, other } = await c.foreign();
        expect(
          (
            await completeSignIn(
              other,
              await other.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }),
            )
          ).status,
        ).toBe(303);
        return samlResponse;
      },
      401,
    ],
    ['the wrong audience', 'strict', (c) => c.sign({ audience: 'https://other-sp.example/saml' }), 401],
    ['an expired assertion', 'strict', (c) => c.sign({ notOnOrAfter: seconds(-5) }), 401],
    ['an unsolicited response (IdP-initiated is off)', 'strict', (c) => c.sign({ inResponseTo: null }), 401],
    ['a response over the size limit', 'small', async (c) => tamper.oversize(SIZE_LIMIT + 1000, await c.sign()), 413],
    ['non-base64 garbage', 'strict', async () => tamper.garbage(), 401],
    // Login CSRF: a genuine response to another browser's login, posted from this one; the ACS parks
    // it (303) and the completion step refuses it here (401).
    [
      'a completion not bound to this browser (login CSRF)',
      'strict',
      async (c) => (await c.foreign()).samlResponse,
      401,
    ],
  ];

  it.each(REFUSALS)('after %s, the same browser signs in and gets its link', async (_name, which, build, status) => {
    const app = which === 'strict' ? strict : small;
    const browser = request.agent(app.http);
    const login = await browser.get('/auth/saml/login?returnTo=%2Fportal').expect(302);
    const { id: requestId } = idp.parseAuthnRequest(login.headers.location);
    const context: RefusalContext = {
      app,
      browser,
      requestId,
      sign: async (extra = {}) =>
        (await idp.loginResponse({ user: alice, inResponseTo: requestId, ...extra })).samlResponse,
      foreign: async () => {
        const other = request.agent(app.http);
        const authn = idp.parseAuthnRequest(
          (await other.get('/auth/saml/login?returnTo=%2Fportal').expect(302)).headers.location,
        );
        return { samlResponse: (await idp.loginResponse({ user: alice, inResponseTo: authn.id })).samlResponse, other };
      },
    };
    const samlResponse = await build(context);
    const refused = await completeSignIn(
      browser,
      await browser.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse, RelayState: '/portal' }),
    );
    expect(refused.status).toBe(status);
    expect(
      (refused.headers['set-cookie'] as unknown as string[] | undefined)?.some((c) => c.startsWith('nomos.sid=')) ??
        false,
    ).toBe(false);
    await browser.post('/portal/link').set('x-nomos-portal', '1').expect(401);

    // The same cookie jar, a genuine login: it completes, lands on /portal and gets alice's link.
    const done = await signIn(browser, idp, PEOPLE.alice, '/portal');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/portal');
    const portal = await browser.get('/portal').set('accept', 'text/html').expect(302);
    const minted = env.emulator.issuedLinks().at(-1)!;
    expect(minted.link).toBe(portal.headers.location);
    expect(minted.customerId).toBe(CUSTOMERS[0].id);
  });
});
