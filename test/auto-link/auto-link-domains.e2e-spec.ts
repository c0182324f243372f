import request from 'supertest';
import { AuditService, CustomerLinkService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';
import { personCustomer } from '../support/emulator-customer.js';

const customer = personCustomer;

// `portal.autoLinkByEmail.domains`: only the domains whose mailboxes the IdP verifies are auto-linked.
// A guest account or a self-chosen address at any other domain is never matched, even when exactly
// one Nomos customer has it.
describeEachDb('auto-link by email, restricted to verified domains', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, {
      portal: { allowedLinkHosts: ['*.customerportal.localhost'], autoLinkByEmail: { domains: ['corp.example'] } },
    });
    t.emulator.addCustomer(customer('cus_hana000000000000000001', 'hana@corp.example'));
    t.emulator.addCustomer(customer('cus_gmail00000000000000001', 'ivo@gmail.example'));
    t.emulator.addCustomer(customer('cus_subdom0000000000000001', 'jon@eu.corp.example'));
    t.emulator.addCustomer(customer('cus_suffix0000000000000001', 'kai@evilcorp.example'));
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const links = () => t.app.get(CustomerLinkService);
  const latestAudit = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];

  it('links an address at a listed domain (ASCII case ignored)', async () => {
    await request(t.http)
      .post('/portal/link')
      .set('content-type', 'application/json')
      .send({})
      .set('x-test-user', 'hana')
      .set('x-test-email', 'Hana@CORP.example')
      .expect(200);
    expect(await links().findByUser('hana')).toMatchObject({
      customerId: 'cus_hana000000000000000001',
      source: 'email-match',
    });
  });

  it.each([
    ['another domain', 'ivo', 'ivo@gmail.example'],
    ['a subdomain of a listed domain', 'jon', 'jon@eu.corp.example'],
    ['a domain that ends with a listed one', 'kai', 'kai@evilcorp.example'],
  ])('links nobody at %s, asks Nomos nothing, and audits the refusal', async (_name, user, email) => {
    const lookups = t.emulator.counters.customerRequests;
    const res = await request(t.http)
      .post('/portal/link')
      .set('content-type', 'application/json')
      .send({})
      .set('x-test-user', user)
      .set('x-test-email', email)
      .expect(404);
    expect(res.body.code).toBe('CUSTOMER_NOT_LINKED');
    expect(await links().findByUser(user)).toBeNull();
    expect(await latestAudit()).toMatchObject({
      userId: user,
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      mintAttempts: 0,
    });
    expect(t.emulator.counters.customerRequests).toBe(lookups);
    expect(t.logs.text).not.toContain(email);
  });
});
