// Issue 11, acceptance 3: deprovisioning over SCIM, with request bodies shaped like Entra ID's and
// Okta's provisioning traffic. Two replicas share one database: a deactivation sent to one ends the
// person's session and refuses their next /portal on the other; a reactivation restores the link.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService, CustomerLinkService } from '../../src/index.js';
import { personKeyHash } from '../../src/identity/index.js';
import type { TestIdpUser } from '../../src/testing/index.js';
import { StoredSession } from '../../src/saml/session.entity.js';
import { describeEachDb } from '../support/databases.js';
import { personCustomer } from '../support/emulator-customer.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { ENTRA } from '../saml-identity/entra-user.js';

const TOKEN = randomBytes(24).toString('base64url');
const PREVIOUS_TOKEN = randomBytes(24).toString('base64url');
const OBJECT_ID = '5d0c6a1e-7f2b-4c3a-9e8d-1b2c3d4e5f60';
const UPN = 'dana.lee@corp.example';
const CUSTOMER = 'cus_danalee00000000000001';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const dana: TestIdpUser = {
  nameId: UPN,
  attributes: { [ENTRA.objectId]: [OBJECT_ID], [ENTRA.name]: [UPN], [ENTRA.email]: [UPN] },
};

/** Entra ID's create: both schemas, externalId mapped from the object id, string booleans off. */
const entraCreate = {
  schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  externalId: OBJECT_ID,
  userName: UPN,
  active: true,
  displayName: 'Dana Lee',
  emails: [{ primary: true, type: 'work', value: UPN }],
  meta: { resourceType: 'User' },
  name: { formatted: 'Dana Lee', familyName: 'Lee', givenName: 'Dana' },
};
/** Entra ID's disable (without the compliance flag): capitalised op, a string boolean. */
const entraDisable = { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] };
/** Okta's reactivate and deactivate: no path, the attributes as the value. */
const oktaActive = (active: boolean) => ({
  schemas: [PATCH_SCHEMA],
  Operations: [{ op: 'replace', value: { active } }],
});

describeEachDb('SCIM deprovisioning across replicas', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const scim = { bearerTokens: [TOKEN, PREVIOUS_TOKEN] };
  const one = env.app({ idp, saml: { idpPreset: 'entra' }, scim });
  const two = env.app({ idp, saml: { idpPreset: 'entra' }, scim });
  const person = () => ({ issuer: idp.endpoints.entityId, subject: OBJECT_ID });
  let userId = '';

  const scimCall = (t: typeof one, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token = TOKEN) =>
    request(t.http)[method](`/scim/v2${path}`).set('Authorization', `Bearer ${token}`).type('application/scim+json');
  const sessionsOfDana = async () =>
    one.app
      .get(DataSource)
      .getRepository(StoredSession)
      .countBy({ personKey: personKeyHash(person()) });
  const latestRow = async () => (await one.app.get(AuditService).query({ limit: 1 })).items[0];
  /** Signs Dana in on replica one; returns the session cookie a browser would then hold. */
  const signedIn = async (): Promise<string> => {
    const agent = request.agent(one.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/portal', { user: dana });
    expect(done.status).toBe(303);
    return ((done.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]).join('; ');
  };
  /** `/portal` on replica two with a session replica one started. */
  const portalOnTwo = (cookie: string) =>
    request(two.http).get('/portal').set('Accept', 'text/html').set('Cookie', cookie);

  beforeAll(async () => {
    env.emulator.addCustomer(personCustomer(CUSTOMER, UPN));
    await one.app.get(CustomerLinkService).link(person(), CUSTOMER, { userName: UPN });
  });

  it('refuses requests without the bearer token, or with a wrong one, and changes nothing', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-wrong-token-wrong-token', `Basic ${TOKEN}`]) {
      const call = request(one.http).post('/scim/v2/Users').type('application/scim+json');
      const answer = await (auth ? call.set('Authorization', auth) : call).send(JSON.stringify(entraCreate));
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="scim"');
      expect(JSON.parse(answer.text)).toMatchObject({ status: '401', schemas: [expect.stringContaining(':Error')] });
    }
    const list = JSON.parse((await scimCall(one, 'get', '/Users')).text);
    expect(list.totalResults).toBe(0);
  });

  it('creates the User as Entra sends it, finds it by userName and externalId, refuses a duplicate', async () => {
    const created = await scimCall(one, 'post', '/Users').send(JSON.stringify(entraCreate));
    expect(created.status).toBe(201);
    const body = JSON.parse(created.text);
    userId = body.id;
    expect(body).toMatchObject({ userName: UPN, externalId: OBJECT_ID, active: true });
    expect(created.headers.location).toBe(body.meta.location);
    const byName = JSON.parse(
      (await scimCall(two, 'get', `/Users?filter=${encodeURIComponent(`userName eq "DANA.lee@corp.example"`)}`)).text,
    );
    expect(byName).toMatchObject({ totalResults: 1, Resources: [{ id: userId }] });
    const byExternal = JSON.parse(
      (await scimCall(two, 'get', `/Users?filter=${encodeURIComponent(`externalId eq "${OBJECT_ID}"`)}`)).text,
    );
    expect(byExternal.totalResults).toBe(1);
    const again = await scimCall(one, 'post', '/Users').send(JSON.stringify(entraCreate));
    expect([again.status, JSON.parse(again.text).scimType]).toEqual([409, 'uniqueness']);
  });

  it('ends the session on every replica and refuses /portal after an Entra-shaped disable', async () => {
    const agent = await signedIn();
    expect((await portalOnTwo(agent)).status).toBe(302);
    expect(await sessionsOfDana()).toBe(1);

    const disabled = await scimCall(one, 'patch', `/Users/${userId}`).send(JSON.stringify(entraDisable));
    expect([disabled.status, JSON.parse(disabled.text).active]).toEqual([200, false]);
    expect(await sessionsOfDana()).toBe(0);
    // The old cookie is signed out on the other replica: sent to sign in again, nothing minted.
    const linksBefore = env.emulator.issuedLinks().length;
    const after = await portalOnTwo(agent);
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/auth\/saml\/login\?returnTo=/);
    // Signing in again gets the "access ended" page, audited.
    const again = await signedIn();
    const refused = await portalOnTwo(again);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Access ended');
    expect(env.emulator.issuedLinks()).toHaveLength(linksBefore);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: 'CUSTOMER_SUSPENDED', userId: OBJECT_ID });
  });

  it('restores the link on an Okta-shaped reactivation, through the previous token of a rotation', async () => {
    const enabled = await scimCall(two, 'patch', `/Users/${userId}`, PREVIOUS_TOKEN).send(
      JSON.stringify(oktaActive(true)),
    );
    expect([enabled.status, JSON.parse(enabled.text).active]).toEqual([200, true]);
    const agent = await signedIn();
    expect((await portalOnTwo(agent)).status).toBe(302);
    expect(env.emulator.issuedLinks().at(-1)?.customerId).toBe(CUSTOMER);
  });

  it('suspends on an Okta-shaped deactivation and on DELETE, and records every change in the history', async () => {
    const agent = await signedIn();
    await scimCall(one, 'patch', `/Users/${userId}`)
      .send(JSON.stringify(oktaActive(false)))
      .expect(200);
    expect(await sessionsOfDana()).toBe(0);
    expect((await portalOnTwo(agent)).headers.location).toMatch(/^\/auth\/saml\/login/);
    await scimCall(one, 'patch', `/Users/${userId}`)
      .send(JSON.stringify(oktaActive(true)))
      .expect(200);
    await scimCall(two, 'delete', `/Users/${userId}`).expect(204);
    await scimCall(two, 'get', `/Users/${userId}`).expect(404);
    const history = await one.app.get(CustomerLinkService).history({ person: person() });
    expect(history.items.map((e) => [e.action, e.actorType, e.channel])).toEqual([
      ['link', 'admin', 'api'],
      ['suspend', 'scim', 'scim'],
      ['restore', 'scim', 'scim'],
      ['suspend', 'scim', 'scim'],
      ['restore', 'scim', 'scim'],
      ['suspend', 'scim', 'scim'],
    ]);
  });

  it('answers bad bodies with SCIM errors and keeps the token out of the logs', async () => {
    const bad = await scimCall(one, 'post', '/Users').send('{"schemas": [');
    expect([bad.status, JSON.parse(bad.text).scimType]).toEqual([400, 'invalidSyntax']);
    const filter = await scimCall(one, 'get', `/Users?filter=${encodeURIComponent('emails co "x"')}`);
    expect([filter.status, JSON.parse(filter.text).scimType]).toEqual([400, 'invalidFilter']);
    const huge = await scimCall(one, 'post', '/Users').send(
      JSON.stringify({ ...entraCreate, displayName: 'x'.repeat(70_000) }),
    );
    expect(huge.status).toBe(413);
    expect(env.logs.text).not.toContain(TOKEN);
    expect(env.logs.text).not.toContain(PREVIOUS_TOKEN);
  });
});
