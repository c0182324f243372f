// Issue 11, deliverable 6: processing that survives failures and crashes. The row stays open, a
// sweep on any replica finishes it, and a claim in the database gives each row one worker at a time.
import { CustomerLinkService, NomosWebhookEvent } from '../../src/index.js';
import { sendWebhook } from '../../src/testing/index.js';
import { WebhookEventStore } from '../../src/webhooks/webhook-event-store.js';
import { describeEachDb } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import type { WebhookTestApp } from './webhook-app.js';
import { SIGNING_SECRET, startWebhookApp } from './webhook-app.js';
import { created, newPerson, nomosId, referenceFor, signup } from './webhook-fixtures.js';

const MAX_ATTEMPTS = 3;

describeEachDb('Nomos webhooks: durable processing', (kind) => {
  let t: WebhookTestApp;
  let links: CustomerLinkService;
  const logs = new LogCapture();

  beforeAll(async () => {
    logs.start();
    t = await startWebhookApp(kind, { webhooks: { maxAttempts: MAX_ATTEMPTS } });
    links = t.app.get(CustomerLinkService);
  });
  afterAll(async () => {
    await t?.close();
    logs.stop();
  });

  const rowOf = async (id: string) => (await t.events()).find((e) => e.id === id);
  const linkedSignup = () => {
    const person = newPerson();
    return { person, s: signup(t.emulator, referenceFor(person)) };
  };

  it('leaves an event Nomos cannot answer yet failed, and a sweep links it once it can', async () => {
    const person = newPerson();
    const early = { subscriptionId: nomosId('sub'), leadId: nomosId('lead') };
    const delivery = await sendWebhook(t.url, created(early), { secret: SIGNING_SECRET });
    await t.processor.settled();
    expect(delivery.status).toBe(200);
    expect(await rowOf(delivery.eventId)).toMatchObject({
      status: 'failed',
      lastError: 'nomos-not-found',
      attempts: 1,
    });

    // Nomos' API is down for the next attempt: still failed, with the kind of failure, not its text.
    t.emulator.revokeAllTokens();
    t.emulator.injectFault('token', { status: 503 }, 20);
    expect(await t.processor.sweep()).toBe(1);
    const down = await rowOf(delivery.eventId);
    expect(down).toMatchObject({ status: 'failed', attempts: 2, lastError: 'nomos-api-error' });
    t.emulator.clearFaults();

    const s = signup(t.emulator, referenceFor(person));
    t.emulator.putSubscription({
      id: early.subscriptionId,
      customerId: s.customerId,
      created_at: new Date().toISOString(),
      metadata: { nomos_portal_ref: referenceFor(person) },
    });
    expect(await t.processor.sweep()).toBe(1);
    expect(await rowOf(delivery.eventId)).toMatchObject({ status: 'processed', attempts: 3, lastError: null });
    expect((await links.findByUser(person))?.customerId).toBe(s.customerId);
    expect(await t.processor.sweep()).toBe(0);
  });

  it('gives up after maxAttempts, leaving the row failed for good', async () => {
    const delivery = await sendWebhook(t.url, created({ subscriptionId: nomosId('sub'), leadId: nomosId('lead') }), {
      secret: SIGNING_SECRET,
    });
    await t.processor.settled();
    for (let i = 1; i < MAX_ATTEMPTS; i++) expect(await t.processor.sweep()).toBe(1);
    expect(await t.processor.sweep()).toBe(0);
    expect(await rowOf(delivery.eventId)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(logs.text).toContain(`Nomos webhook ${delivery.eventId} failed ${MAX_ATTEMPTS} times and is not retried`);
  });

  it('lets only the newest claim write the outcome once a lease ran out, never reopening a done row', async () => {
    const store = t.app.get(WebhookEventStore);
    const id = nomosId('evt');
    const event = { id, topic: 'subscription.created', subscriptionId: nomosId('sub'), leadId: null };
    expect(await store.receive(event, '{}', new Date())).toBe('stored');
    expect(await store.receive(event, '{}', new Date())).toBe('duplicate');
    const now = Date.now();
    const first = await store.claim(id, now, 1000, MAX_ATTEMPTS);
    expect(first?.attempts).toBe(1);
    expect(await store.claim(id, now + 999, 1000, MAX_ATTEMPTS)).toBeUndefined();
    const second = await store.claim(id, now + 1000, 1000, MAX_ATTEMPTS);
    expect(second?.attempts).toBe(2);
    expect(await store.finish(id, 1, { status: 'processed', reason: null }, new Date())).toBe(false);
    expect(await rowOf(id)).toMatchObject({ status: 'received', attempts: 2 });
    expect(await store.finish(id, 2, { status: 'needs-review', reason: 'no-signup-reference' }, new Date())).toBe(true);
    expect(await store.claim(id, now + 10_000, 1000, MAX_ATTEMPTS)).toBeUndefined();
    expect(await store.due(now + 10_000, MAX_ATTEMPTS, 100)).not.toContain(id);
  });

  it('finishes, on another replica at start-up, an event whose worker died; a live lease is respected', async () => {
    const { person, s } = linkedSignup();
    const events = t.dataSource.getRepository(NomosWebhookEvent);
    const base = { topic: 'subscription.created', status: 'received' as const, lastError: null, processedAt: null };
    const row = { ...base, subscriptionId: s.subscriptionId, leadId: null, customerId: null, body: null };
    // One stored but never started (the process died after answering), one held by a worker that died mid-way.
    const stored = { ...row, id: nomosId('evt'), receivedAt: new Date(), attempts: 0, nextAttemptAt: null };
    const held = { ...stored, id: nomosId('evt'), attempts: 1, nextAttemptAt: Date.now() + 60_000 };
    await events.insert([stored, held]);

    const replica = await startWebhookApp(kind, {
      shared: { db: t.db, emulator: t.emulator },
      webhooks: { maxAttempts: MAX_ATTEMPTS },
    });
    try {
      await replica.processor.settled();
      expect(await rowOf(stored.id)).toMatchObject({ status: 'processed', attempts: 1 });
      expect(await rowOf(held.id)).toMatchObject({ status: 'received', attempts: 1 });
      expect(await replica.processor.sweep(Date.now() + 120_000)).toBe(1);
      expect(await rowOf(held.id)).toMatchObject({ status: 'processed', attempts: 2 });

      // Both replicas go for the same rows at once: each row is claimed, and worked, by exactly one.
      const racing = Array.from({ length: 5 }, () => ({ ...stored, id: nomosId('evt') }));
      await events.insert(racing);
      const outcomes = await Promise.all(
        racing.flatMap(({ id }) => [t.processor.process(id), replica.processor.process(id)]),
      );
      expect(outcomes.filter((o) => o !== undefined)).toEqual(Array(5).fill('processed'));
      for (const { id } of racing) expect(await rowOf(id)).toMatchObject({ status: 'processed', attempts: 1 });
    } finally {
      await replica.close();
    }
    expect((await links.history({ person })).items).toHaveLength(1);
  });
});
