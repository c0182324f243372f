import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { ALICE_OBJECT_ID, ALICE_UPN, ENTRA, entraUser } from './entra-user.js';
import { IdentityController } from './identity.controller.js';

const PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const OVERAGE_REASON =
  'the IdP sent a group overage link instead of the groups; ' +
  "configure the app's group claim to send only groups assigned to the application";

describeEachDb('SAML identity: the stable subject, the sign-in name and the AuthnStatement', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const controllers = [IdentityController];
  const plain = env.app({ idp, controllers });
  const entra = env.app({ idp, controllers, saml: { idpPreset: 'entra' } });
  const entraWithRoles = env.app({ idp, controllers, saml: { idpPreset: 'entra', portalRoles: ['energy-users'] } });
  const overridden = env.app({ idp, controllers, saml: { idpPreset: 'entra', attributes: { subject: 'employeeId' } } });

  /** Signs in through the real login route and ACS; returns the agent and the ACS's final answer. */
  const signInWith = async (t: SamlTestApp, options: Parameters<typeof signIn>[4]) => {
    const agent = request.agent(t.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/identity', options);
    return { agent, done };
  };
  const logged = async <T>(act: () => Promise<T>): Promise<{ result: T; logs: string }> => {
    const mark = env.logs.text.length;
    const result = await act();
    return { result, logs: env.logs.text.slice(mark) };
  };

  it('keys an Entra person by the object id, with the UPN as user name and the IdP as issuer', async () => {
    const { agent, done } = await signInWith(entra, { user: entraUser() });
    expect([done.status, done.headers.location]).toEqual([303, '/identity']);
    const me = (await agent.get('/identity').expect(200)).body;
    expect(me).toMatchObject({
      id: ALICE_OBJECT_ID,
      issuer: idp.endpoints.entityId,
      userName: ALICE_UPN,
      email: ALICE_UPN,
      displayName: 'Alice Energy',
      roles: ['energy-users'],
      nameID: ALICE_UPN,
    });
  });

  it('carries the assertion’s SessionIndex, AuthnInstant (UTC ISO), context class and Entra methods', async () => {
    const authnInstant = new Date(Date.now() - 90_000);
    const { agent } = await signInWith(entra, {
      user: entraUser(),
      sessionIndex: '_entra-session-7',
      authnInstant,
      authnContextClassRef: ENTRA.passwordMethod,
    });
    const me = (await agent.get('/identity').expect(200)).body;
    expect(me.authn).toEqual({
      sessionIndex: '_entra-session-7',
      authnInstant: authnInstant.toISOString(),
      contextClass: ENTRA.passwordMethod,
      methods: [ENTRA.passwordMethod, ENTRA.mfaMethod],
    });
  });

  it('takes the test IdP’s default AuthnStatement without a preset: NameID subject, issue instant', async () => {
    const issueInstant = new Date(Date.now() - 1_000);
    const { agent } = await signInWith(plain, { user: { ...PEOPLE.alice, groups: ['staff'] }, issueInstant });
    const me = (await agent.get('/identity').expect(200)).body;
    expect(me).toMatchObject({ id: PEOPLE.alice.nameId, userName: PEOPLE.alice.nameId });
    expect(me.authn).toEqual({
      sessionIndex: expect.stringMatching(/\S/),
      authnInstant: issueInstant.toISOString(),
      contextClass: PASSWORD_PROTECTED,
    });
  });

  it('refuses an Entra sign-in without the object id claim, and starts no session', async () => {
    const { result, logs } = await logged(() => signInWith(entra, { user: entraUser({ [ENTRA.objectId]: [] }) }));
    expect(result.done.status).toBe(401);
    expect(logs).toContain(`SAML response refused: no usable user id in ${ENTRA.objectId}`);
    await result.agent.get('/identity').set('accept', 'application/json').expect(401);
  });

  it('refuses a group overage link when portal roles are configured, saying what to change', async () => {
    const overage = entraUser({
      [ENTRA.groups]: [],
      [ENTRA.groupsLink]: ['https://graph.windows.net/tenant/users/alice/getMemberObjects'],
    });
    const { result, logs } = await logged(() => signInWith(entraWithRoles, { user: overage }));
    expect(result.done.status).toBe(401);
    expect(logs).toContain(`SAML response refused: ${OVERAGE_REASON}`);
    await result.agent.get('/identity').set('accept', 'application/json').expect(401);
    // The same person with her groups is let in: the refusal is the overage, not the person.
    const { agent } = await signInWith(entraWithRoles, { user: entraUser() });
    expect((await agent.get('/identity').expect(200)).body.portalAccess).toBe(true);
  });

  it('ignores a group overage link when no roles are configured', async () => {
    const overage = entraUser({ [ENTRA.groups]: [], [ENTRA.groupsLink]: ['https://graph.windows.net/x'] });
    const { agent, done } = await signInWith(entra, { user: overage });
    expect(done.status).toBe(303);
    const me = (await agent.get('/identity').expect(200)).body;
    expect(me).toMatchObject({ id: ALICE_OBJECT_ID, roles: [], portalAccess: true });
  });

  it('lets an explicit saml.attributes.subject win over the preset, which still names the rest', async () => {
    const user = entraUser({ employeeId: ['E-1042'] });
    const { agent } = await signInWith(overridden, { user });
    const me = (await agent.get('/identity').expect(200)).body;
    expect(me).toMatchObject({ id: 'E-1042', userName: ALICE_UPN, email: ALICE_UPN, displayName: 'Alice Energy' });
  });

  it('warns at start-up when a non-persistent NameID keys people (the apps without a subject attribute)', () => {
    const warnings = env.logs.text.split('\n').filter((line) => line.includes('keyed by their NameID'));
    // `plain` keys by the NameID; the Entra apps key by the object id or an attribute.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('a renamed or recycled sign-in name maps to the same customer');
  });
});
