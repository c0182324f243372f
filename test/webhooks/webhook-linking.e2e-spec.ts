// Issue 11, deliverable 6: Nomos' subscription.created links the new customer to the person whose
// signup reference the subscription (or its lead) carries; anything doubtful is left for review.
import { CustomerLinkService, SIGNUP_REFERENCE_KEY } from '../../src/index.js';
import { sendWebhook } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import type { WebhookTestApp } from './webhook-app.js';
import { PREVIOUS_SIGNING_SECRET, SIGNING_SECRET, startWebhookApp } from './webhook-app.js';
import { created, newPerson, nomosId, referenceFor, signup } from './webhook-fixtures.js';

describeEachDb('Nomos webhooks: linking', (kind) => {
  let t: WebhookTestApp;
  let links: CustomerLinkService;
  const logs = new LogCapture();
  const references: string[] = [];
  const ref = (...args: Parameters<typeof referenceFor>) => {
    const made = referenceFor(...args);
    references.push(made);
    return made;
  };

  beforeAll(async () => {
    logs.start();
    t = await startWebhookApp(kind);
    links = t.app.get(CustomerLinkService);
  });
  afterAll(async () => {
    await t?.close();
    logs.stop();
  });

  /** Delivers and waits until the receiver has worked the event. */
  const deliver = async (event: Parameters<typeof sendWebhook>[1], secret = SIGNING_SECRET) => {
    const delivery = await sendWebhook(t.url, event, { secret });
    await t.processor.settled();
    const row = (await t.events()).find((e) => e.id === delivery.eventId);
    return { delivery, row };
  };
  const historyOf = async (person: ReturnType<typeof newPerson>) => (await links.history({ person })).items;

  it("links the person of the subscription's signup reference, with a webhook history row", async () => {
    const person = newPerson();
    const s = signup(t.emulator, ref(person));
    const { delivery, row } = await deliver(created(s));
    expect([delivery.status, JSON.parse(delivery.body)]).toEqual([200, { received: true }]);
    expect(await links.findByUser(person)).toMatchObject({ customerId: s.customerId, source: 'webhook' });
    expect(await historyOf(person)).toEqual([
      expect.objectContaining({
        action: 'link',
        newCustomerId: s.customerId,
        actorType: 'webhook',
        actorId: delivery.eventId,
        channel: 'webhook',
      }),
    ]);
    expect(row).toMatchObject({
      status: 'processed',
      attempts: 1,
      lastError: null,
      subscriptionId: s.subscriptionId,
      leadId: s.leadId,
      customerId: s.customerId,
      body: delivery.rawBody,
    });
    expect(row?.processedAt).toBeInstanceOf(Date);
  });

  it("reads the lead's reference when the subscription has none, and accepts the previous secret", async () => {
    const person = newPerson();
    const s = signup(t.emulator, ref(person), 'lead');
    const { delivery, row } = await deliver(created(s), PREVIOUS_SIGNING_SECRET);
    expect(delivery.status).toBe(200);
    expect(row?.status).toBe('processed');
    expect((await links.findByUser(person))?.customerId).toBe(s.customerId);
  });

  it('is idempotent out of order: an early other topic is ignored, a second event changes nothing', async () => {
    const person = newPerson();
    const s = signup(t.emulator, ref(person));
    const early = await deliver({ topic: 'subscription.activated', context: { subscription: s.subscriptionId } });
    expect(early.row).toMatchObject({ status: 'ignored', lastError: 'topic-not-handled', attempts: 1 });
    expect(await links.findByUser(person)).toBeNull();
    expect((await deliver(created(s))).row?.status).toBe('processed');
    const again = await deliver(created(s));
    expect(again.row).toMatchObject({ status: 'processed', customerId: s.customerId });
    expect(await historyOf(person)).toHaveLength(1);
    const invoice = await deliver({ topic: 'invoice.paid', context: { invoice: 'inv_1' } });
    expect(invoice.row?.status).toBe('ignored');
  });

  // Each: what the subscription carries → the reason; never a link for the person.
  const doubtful: Array<[string, () => { reference?: string; on?: 'subscription' | 'lead' }, string]> = [
    ['no reference anywhere', () => ({}), 'no-signup-reference'],
    [
      'a reference made with another secret',
      () => ({ reference: ref(newPerson(), { secret: 'x'.repeat(40) }) }),
      'invalid-signup-reference',
    ],
    [
      'an expired reference',
      () => ({ reference: ref(newPerson(), { nowMs: Date.now() - 2 * 86_400_000 }) }),
      'invalid-signup-reference',
    ],
    ['a tampered reference', () => ({ reference: `${ref(newPerson()).slice(0, -2)}AA` }), 'invalid-signup-reference'],
    ['a reference of another type', () => ({ reference: 42 as unknown as string }), 'invalid-signup-reference'],
  ];
  it.each(doubtful)('leaves %s for review, linking nobody', async (_name, make, reason) => {
    const { reference, on } = make();
    const before = (await links.history()).items.length;
    const s = signup(t.emulator, reference, on);
    const { row } = await deliver(created(s));
    expect(row).toMatchObject({ status: 'needs-review', lastError: reason, customerId: s.customerId });
    expect(await links.findByCustomer(s.customerId)).toEqual([]);
    expect((await links.history()).items).toHaveLength(before);
  });

  it('leaves a person already linked to another customer, and a lead of another subscription, for review', async () => {
    const person = newPerson();
    await links.link(person, nomosId('cus'), { source: 'manual' });
    const taken = signup(t.emulator, ref(person));
    expect((await deliver(created(taken))).row).toMatchObject({
      status: 'needs-review',
      lastError: 'linked-to-other-customer',
    });
    expect(await links.findByCustomer(taken.customerId)).toEqual([]);

    const other = newPerson();
    const s = signup(t.emulator, ref(other), 'lead');
    const foreignLead = { ...s, subscriptionId: signup(t.emulator, undefined).subscriptionId };
    expect((await deliver(created(foreignLead))).row).toMatchObject({
      status: 'needs-review',
      lastError: 'lead-of-other-subscription',
    });
    expect(await links.findByUser(other)).toBeNull();
  });

  it('never logs a secret, a reference or a body', () => {
    expect(logs.text).toContain('needs-review (no-signup-reference)');
    expect(logs.leaks([SIGNING_SECRET, PREVIOUS_SIGNING_SECRET, ...references])).toEqual([]);
    expect(logs.text).not.toContain(SIGNUP_REFERENCE_KEY);
  });
});
