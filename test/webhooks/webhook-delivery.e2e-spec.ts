// Issue 11, deliverable 6: what Nomos' at-least-once delivery needs — refusals that write nothing,
// dedupe on the event id (replays and concurrent duplicates processed once), and processing that
// survives failures and crashes: the row stays open and a sweep, on any replica, finishes it.
import { createHmac } from 'node:crypto';
import { CustomerLinkService, NomosWebhookEvent } from '../../src/index.js';
import { sendWebhook } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import type { WebhookTestApp } from './webhook-app.js';
import { SIGNING_SECRET, startWebhookApp } from './webhook-app.js';
import { created, newPerson, nomosId, referenceFor, signup } from './webhook-fixtures.js';

const MAX_ATTEMPTS = 3;

describeEachDb('Nomos webhooks: delivery', (kind) => {
  let t: WebhookTestApp;
  let links: CustomerLinkService;

  beforeAll(async () => {
    t = await startWebhookApp(kind, { webhooks: { maxAttempts: MAX_ATTEMPTS } });
    links = t.app.get(CustomerLinkService);
  });
  afterAll(() => t?.close());

  const rowOf = async (id: string) => (await t.events()).find((e) => e.id === id);
  const linkedSignup = () => {
    const person = newPerson();
    return { person, s: signup(t.emulator, referenceFor(person)) };
  };

  it('refuses forged, malformed, missing and stale signatures with 401 and stores nothing', async () => {
    const { s } = linkedSignup();
    const now = Math.floor(Date.now() / 1000);
    const forged = createHmac('sha256', 'not-the-secret-at-all').update('x').digest('hex');
    const refusals = [
      { secret: 'whsec_guessed_guessed_guessed' },
      { secret: SIGNING_SECRET, signature: `t=${now},v1=${forged}` },
      { secret: SIGNING_SECRET, signature: 'v1=abc' },
      { secret: SIGNING_SECRET, signature: '' },
      { secret: SIGNING_SECRET, timestamp: now - 400 },
      { secret: SIGNING_SECRET, timestamp: now + 400 },
    ];
    for (const options of refusals) {
      const answer = await sendWebhook(t.url, created(s), options);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid-signature' });
    }
    expect(JSON.parse((await sendWebhook(t.url, created(s), refusals[4])).body).reason).toBe('stale');
    expect(await t.events()).toEqual([]);
    expect(await links.findByCustomer(s.customerId)).toEqual([]);
  });

  it('refuses a signed body that is not a well-formed event with 400, storing nothing', async () => {
    for (const event of [
      { id: 'evt_../../etc', topic: 'subscription.created', context: { subscription: nomosId('sub') } },
      { topic: 'Subscription Created!', context: {} },
      { topic: 'subscription.created', context: { subscription: "sub_1' OR 1=1" } },
      { topic: 'subscription.created', context: {} },
    ]) {
      const answer = await sendWebhook(t.url, event, { secret: SIGNING_SECRET });
      expect([answer.status, JSON.parse(answer.body).error]).toEqual([400, 'invalid-event']);
    }
    expect(await t.events()).toEqual([]);
  });

  it('answers a replayed event 200 "already received" and processes it once', async () => {
    const { person, s } = linkedSignup();
    const first = await sendWebhook(t.url, created(s), { secret: SIGNING_SECRET });
    await t.processor.settled();
    const again = await sendWebhook(t.url, created(s, first.eventId), { secret: SIGNING_SECRET });
    await t.processor.settled();
    expect([again.status, JSON.parse(again.body)]).toEqual([200, { received: true, duplicate: true }]);
    expect(await rowOf(first.eventId)).toMatchObject({ status: 'processed', attempts: 1 });
    expect((await links.history({ person })).items).toHaveLength(1);
  });

  it('stores and processes ten concurrent deliveries of one event exactly once', async () => {
    const { person, s } = linkedSignup();
    const id = nomosId('evt');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => sendWebhook(t.url, created(s, id), { secret: SIGNING_SECRET })),
    );
    await t.processor.settled();
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => JSON.parse(a.body).duplicate !== true)).toHaveLength(1);
    expect(await rowOf(id)).toMatchObject({ status: 'processed', attempts: 1 });
    expect((await links.history({ person })).items).toHaveLength(1);
  });

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
    expect(down).toMatchObject({ status: 'failed', attempts: 2 });
    expect(down?.lastError).toMatch(/^[a-z-]+$/);
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
