// Issue 11, acceptance 1: the mapping follows the person (issuer, subject), not the sign-in name.
// A recycled UPN gets no link to the former holder's customer, not even through the email
// auto-link; a rename keeps the link; a suspended person is told their access ended.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService, CustomerLinkService, LEGACY_ISSUER } from '../../src/index.js';
import type { TestIdpUser } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import { personCustomer } from '../support/emulator-customer.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { ENTRA } from '../saml-identity/entra-user.js';
import { CustomerLink } from '../../src/customer-links/index.js';
import type { CustomerLinkEvent } from '../../src/customer-links/index.js';

const UPN = 'j.smith@corp.example';
const A_SUBJECT = '0a1a1a1a-0000-4000-8000-00000000000a';
const B_SUBJECT = '0b2b2b2b-0000-4000-8000-00000000000b';
const A_CUSTOMER = 'cus_jsmith000000000000000a';

/** A person as Entra asserts them: the UPN as NameID and name claim, the object id as subject. */
const entraPerson = (objectId: string, upn: string): TestIdpUser => ({
  nameId: upn,
  attributes: {
    [ENTRA.objectId]: [objectId],
    [ENTRA.name]: [upn],
    [ENTRA.email]: [upn],
    [ENTRA.displayName]: ['J. Smith'],
  },
});

describeEachDb('identity lifecycle: a recycled name, a rename, a suspension, a legacy row', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  // Auto-link on: the email of a recycled UPN would otherwise lead straight to the old customer.
  const t = env.app({ idp, saml: { idpPreset: 'entra' }, portal: { autoLinkByEmail: { domains: ['corp.example'] } } });
  const links = () => t.app.get(CustomerLinkService);
  const latestRow = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const person = (subject: string) => ({ issuer: idp.endpoints.entityId, subject });

  /** Signs `user` in and opens `/portal`; returns the portal's answer. */
  const openPortal = async (user: TestIdpUser) => {
    const agent = request.agent(t.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/portal', { user });
    expect([done.status, done.headers.location]).toEqual([303, '/portal']);
    return agent.get('/portal').set('Accept', 'text/html');
  };

  beforeAll(async () => {
    env.emulator.addCustomer(personCustomer(A_CUSTOMER, UPN));
    await links().link(person(A_SUBJECT), A_CUSTOMER, { userName: UPN, actor: { type: 'import', id: 'hr-2026' } });
  });

  it('gives person A, keyed by object id, their own customer', async () => {
    const portal = await openPortal(entraPerson(A_SUBJECT, UPN));
    expect(portal.status).toBe(302);
    expect(env.emulator.issuedLinks().at(-1)).toMatchObject({ customerId: A_CUSTOMER, link: portal.headers.location });
    expect(await latestRow()).toMatchObject({
      outcome: 'issued',
      userId: A_SUBJECT,
      issuer: idp.endpoints.entityId,
      userName: UPN,
    });
  });

  it("gives person B, who got A's UPN and email, no link to A's customer and says why in the audit", async () => {
    const linksBefore = env.emulator.issuedLinks().length;
    const portal = await openPortal(entraPerson(B_SUBJECT, UPN));
    expect(portal.status).toBe(404);
    expect(portal.text).toContain('No energy account linked');
    expect(env.emulator.issuedLinks()).toHaveLength(linksBefore);
    expect(await latestRow()).toMatchObject({
      outcome: 'denied',
      errorCode: 'IDENTITY_NAME_REUSED',
      userId: B_SUBJECT,
      issuer: idp.endpoints.entityId,
      userName: UPN,
      customerId: null,
    });
    // The email matches A's customer at Nomos, yet nothing was auto-linked for B.
    expect(await links().findByUser(person(B_SUBJECT))).toBeNull();
    expect((await links().findByUser(person(A_SUBJECT)))?.customerId).toBe(A_CUSTOMER);
  });

  it("keeps A's link through a rename of the UPN, and records the new name on the link", async () => {
    const renamed = 'jane.smith@corp.example';
    const portal = await openPortal(entraPerson(A_SUBJECT, renamed));
    expect(portal.status).toBe(302);
    expect(env.emulator.issuedLinks().at(-1)?.customerId).toBe(A_CUSTOMER);
    expect(await links().findByUser(person(A_SUBJECT))).toMatchObject({ customerId: A_CUSTOMER, userName: renamed });
    expect(await latestRow()).toMatchObject({ outcome: 'issued', userId: A_SUBJECT, userName: renamed });
  });

  it('tells a suspended person their access ended (403), audited, and works again once restored', async () => {
    expect(await links().suspend(person(A_SUBJECT), { actor: { type: 'admin', id: 'it-admin' } })).toBe(true);
    const linksBefore = env.emulator.issuedLinks().length;
    const refused = await openPortal(entraPerson(A_SUBJECT, UPN));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Access ended');
    expect(env.emulator.issuedLinks()).toHaveLength(linksBefore);
    expect(await latestRow()).toMatchObject({ outcome: 'denied', errorCode: 'CUSTOMER_SUSPENDED', userId: A_SUBJECT });

    expect(await links().restore(person(A_SUBJECT))).toBe(true);
    expect((await openPortal(entraPerson(A_SUBJECT, UPN))).status).toBe(302);
    const history = await links().history({ person: person(A_SUBJECT) });
    expect(history.items.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ['link', 'import', 'hr-2026'],
      ['suspend', 'admin', 'it-admin'],
      ['restore', 'admin', null],
    ]);
  });

  it('lists the people refused for want of a link, and drops one once linked', async () => {
    const before = new Date(Date.now() - 60_000);
    const unlinked = await t.app.get(AuditService).unlinkedPeople({ from: before });
    expect(unlinked).toEqual([
      expect.objectContaining({
        issuer: idp.endpoints.entityId,
        userId: B_SUBJECT,
        userName: UPN,
        attempts: 1,
        lastErrorCode: 'IDENTITY_NAME_REUSED',
      }),
    ]);
    const carol = entraPerson('0d4d4d4d-0000-4000-8000-00000000000d', 'carol.new@corp.example');
    expect((await openPortal(carol)).status).toBe(404);
    expect((await openPortal(carol)).status).toBe(404);
    const both = await t.app.get(AuditService).unlinkedPeople({ from: before });
    expect(both.map((p) => [p.userId, p.attempts, p.lastErrorCode])).toEqual([
      ['0d4d4d4d-0000-4000-8000-00000000000d', 2, 'CUSTOMER_NOT_LINKED'],
      [B_SUBJECT, 1, 'IDENTITY_NAME_REUSED'],
    ]);
    await links().link(person('0d4d4d4d-0000-4000-8000-00000000000d'), A_CUSTOMER);
    expect((await openPortal(carol)).status).toBe(302);
    expect((await t.app.get(AuditService).unlinkedPeople({ from: before })).map((p) => p.userId)).toEqual([B_SUBJECT]);
    await expect(t.app.get(AuditService).unlinkedPeople({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
  });

  it('lets the first sign-in whose name is a legacy row’s user id claim it, once, with a history row', async () => {
    const legacyName = 'old.timer@corp.example';
    const legacySubject = '0c3c3c3c-0000-4000-8000-00000000000c';
    const legacyCustomer = 'cus_legacy0000000000000001';
    env.emulator.addCustomer(personCustomer(legacyCustomer, 'someone.else@corp.example'));
    // As the person-keys migration leaves a row of the earlier schema.
    await t.app.get(DataSource).getRepository(CustomerLink).insert({
      issuer: LEGACY_ISSUER,
      userId: legacyName,
      customerId: legacyCustomer,
      status: 'active',
      source: 'manual',
      createdAt: new Date(),
    });
    const portal = await openPortal(entraPerson(legacySubject, legacyName));
    expect(portal.status).toBe(302);
    expect(env.emulator.issuedLinks().at(-1)?.customerId).toBe(legacyCustomer);
    expect(await links().findByUser({ issuer: LEGACY_ISSUER, subject: legacyName })).toBeNull();
    expect(await links().findByUser(person(legacySubject))).toMatchObject({
      customerId: legacyCustomer,
      userName: legacyName,
    });
    const events = await t.app.get(CustomerLinkService).history({ customerId: legacyCustomer });
    expect(events.items.map((e: CustomerLinkEvent) => [e.action, e.channel, e.userId])).toEqual([
      ['relink', 'upgrade', legacySubject],
    ]);
  });
});
