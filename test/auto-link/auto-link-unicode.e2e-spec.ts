import request from 'supertest';
import { AuditService, CustomerLinkService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { EmulatorCustomer } from '../../src/testing/index.js';
import type { PEOPLE } from '../support/saml-app.js';
import { signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

type Person = (typeof PEOPLE)[keyof typeof PEOPLE];
const person = (nameId: string, email: string) =>
  ({ nameId, email, displayName: nameId, groups: ['staff'] }) as unknown as Person;
const customer = (id: string, email: string): EmulatorCustomer => ({
  id,
  type: 'person',
  first_name: 'Victim',
  last_name: id,
  email,
  created_at: '2026-03-01T10:00:00.000Z',
  planSlug: 'acme-power',
  hasSubscription: true,
});

// People with real ASCII mailboxes, whose customers an attacker wants to reach.
const VICTIMS: Record<string, string> = {
  'kate@corp.example': 'cus_vkate00000000000000001',
  'dora@corp.example': 'cus_vdora00000000000000001',
  'iris@corp.example': 'cus_viris00000000000000001',
  'rene@corp.example': 'cus_vrene00000000000000001',
  'strasse@corp.example': 'cus_vstrasse0000000000001',
};

// The email attribute an attacker got into the IdP (a profile field, a guest account), signed by the
// IdP like any other: each one is, or folds to, or looks like a victim's address.
const LOOK_ALIKES: Array<[string, string, string]> = [
  ['KELVIN SIGN (lower-cases to k)', '\u212Aate@corp.example', 'kate@corp.example'],
  ['fullwidth o (NFKC folds it to o)', 'd\uFF4Fra@corp.example', 'dora@corp.example'],
  ['Cyrillic a (looks like a)', 'dor\u0430@corp.example', 'dora@corp.example'],
  ['dotted capital I', '\u0130ris@corp.example', 'iris@corp.example'],
  ['dotless i', '\u0131ris@corp.example', 'iris@corp.example'],
  ['combining acute accent', 're\u0301ne@corp.example', 'rene@corp.example'],
  ['sharp s (upper-cases to SS)', 'stra\u00DFe@corp.example', 'strasse@corp.example'],
];

describeEachDb('auto-link by email: look-alike addresses from a signed SAML assertion', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  // `true`: every domain, so that only the ASCII rule stands between the look-alikes and the victims.
  const t = env.app({ idp, portal: { autoLinkByEmail: true } });

  beforeAll(async () => {
    for (const [email, id] of Object.entries(VICTIMS)) env.emulator.addCustomer(customer(id, email));
    env.emulator.addCustomer(customer('cus_mona000000000000000001', 'mona@corp.example'));
    // The loosest Nomos-side matching: the product's own comparison must not depend on Nomos'.
    env.emulator.emailFilter = 'unicode-fold';
  });
  const latestAudit = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];

  it.each(LOOK_ALIKES)(
    'never links %s to the victim, asks Nomos nothing, audits denied',
    async (_name, email, victim) => {
      const nameId = `attacker-${Buffer.from(email).toString('hex').slice(0, 16)}`;
      const agent = request.agent(t.http);
      await signIn(agent, idp, person(nameId, email), '/');
      const lookups = env.emulator.counters.customerRequests;

      const res = await agent.post('/portal/link').set('content-type', 'application/json').send({}).expect(404);
      expect(res.body.code).toBe('CUSTOMER_NOT_LINKED');
      expect(res.body.link).toBeUndefined();
      expect(await t.app.get(CustomerLinkService).findByUser(nameId)).toBeNull();
      expect(await latestAudit()).toMatchObject({
        userId: nameId,
        outcome: 'denied',
        errorCode: 'CUSTOMER_NOT_LINKED',
        mintAttempts: 0,
      });
      expect(env.emulator.counters.customerRequests).toBe(lookups);
      expect(env.emulator.issuedLinks().some((l) => l.customerId === VICTIMS[victim])).toBe(false);
      expect(env.logs.text).not.toContain(email);
    },
  );

  it('still links a plain ASCII address in any letter case', async () => {
    const agent = request.agent(t.http);
    await signIn(agent, idp, person('mona', 'MONA@Corp.Example'), '/');
    const res = await agent.post('/portal/link').set('content-type', 'application/json').send({}).expect(200);
    expect(res.body.link).toEqual(expect.any(String));
    expect(await t.app.get(CustomerLinkService).findByUser('mona')).toMatchObject({
      customerId: 'cus_mona000000000000000001',
      source: 'email-match',
    });
  });
});
