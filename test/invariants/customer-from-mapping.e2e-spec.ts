import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { USERS, startPortalApp } from '../support/portal-app.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

/**
 * Invariant 3: the customer id comes from the mapping table, never from the request. alice is mapped
 * to her own customer; every request below also names bob's, in each place a request can carry it.
 * What decides is checked where it cannot be faked: the customer the emulator minted the link for,
 * and the customer id of the audit row.
 */
const FOREIGN = USERS.bob;
const OWN = USERS.alice;

describeEachDb('invariant 3: a customerId in the request is ignored', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind);
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latest = async (): Promise<MagicLinkAudit> => (await t.app.get(AuditService).query({ limit: 1 })).items[0];

  /** The link handed out must be the one the emulator minted last, and minted for alice's customer. */
  const expectOwnCustomer = async (link: string) => {
    const minted = t.emulator.issuedLinks().at(-1)!;
    expect(minted.link).toBe(link);
    expect(minted.customerId).toBe(OWN);
    expect(t.emulator.issuedLinks().filter((l) => l.customerId === FOREIGN)).toEqual([]);
    expect(await latest()).toMatchObject({ outcome: 'issued', customerId: OWN, userId: 'alice' });
  };

  it.each([
    ['?customerId=', `/portal?customerId=${FOREIGN}`],
    ['?customer_id=', `/portal?customer_id=${FOREIGN}`],
    ['?customerId[]= (an array)', `/portal?customerId[]=${FOREIGN}`],
    ['?customer[id]= (an object)', `/portal?customer[id]=${FOREIGN}`],
  ])("GET /portal with %s gets alice's link", async (_case, path) => {
    const res = await request(t.http).get(path).set('x-test-user', 'alice').expect(302);
    await expectOwnCustomer(res.headers.location);
  });

  it("GET /portal with an X-Customer-Id header gets alice's link", async () => {
    const res = await request(t.http)
      .get('/portal')
      .set('x-test-user', 'alice')
      .set('x-customer-id', FOREIGN)
      .expect(302);
    await expectOwnCustomer(res.headers.location);
  });

  it.each([
    ['{customerId}', { customerId: FOREIGN }],
    ['{customer_id}', { customer_id: FOREIGN }],
    ['{customer: {id}}', { customer: { id: FOREIGN } }],
  ])("POST /portal/link with the JSON body %s gets alice's link", async (_case, body) => {
    const res = await request(t.http)
      .post(`/portal/link?customerId=${FOREIGN}`)
      .set('x-nomos-portal', '1')
      .set('x-test-user', 'alice')
      .set('x-customer-id', FOREIGN)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body))
      .expect(200);
    await expectOwnCustomer(res.body.link);
  });

  it('an unmapped person naming a customer gets no link and a denied row without that customer', async () => {
    const mints = t.emulator.counters.mintRequests;
    const res = await request(t.http)
      .get(`/portal?customerId=${FOREIGN}`)
      .set('x-test-user', 'carol')
      .set('x-customer-id', FOREIGN);
    expect(res.status).toBe(404);
    expect(res.headers.location).toBeUndefined();
    expect(t.emulator.counters.mintRequests).toBe(mints);
    expect(await latest()).toMatchObject({
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      customerId: null,
      userId: 'carol',
    });
  });
});

describeEachDb('invariant 3: a customerId in the returnTo of a SAML sign-in is ignored', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp });

  it("the returnTo /portal?customerId=<bob> lands on alice's link", async () => {
    const agent = request.agent(t.http);
    const done = await signIn(
      agent,
      idp,
      PEOPLE.alice,
      `/portal?customerId=${CUSTOMERS[1].id}&customer_id=${CUSTOMERS[1].id}`,
    );
    expect(done.status).toBe(303);
    // The sign-in sends the browser back to the returnTo it carried; it is followed as a browser would.
    expect(done.headers.location).toBe(`/portal?customerId=${CUSTOMERS[1].id}&customer_id=${CUSTOMERS[1].id}`);
    const portal = await agent.get(done.headers.location).set('x-customer-id', CUSTOMERS[1].id).expect(302);
    const minted = env.emulator.issuedLinks().at(-1)!;
    expect(minted.link).toBe(portal.headers.location);
    expect(minted.customerId).toBe(CUSTOMERS[0].id);
    const [row] = (await t.app.get(AuditService).query({ limit: 1 })).items;
    expect(row).toMatchObject({ outcome: 'issued', customerId: CUSTOMERS[0].id, userId: PEOPLE.alice.nameId });
  });
});
