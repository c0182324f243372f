// Issue 11, deliverable 6: what Nomos' at-least-once delivery needs: refusals that write nothing, and
// dedupe on the event id (replays and concurrent duplicates processed once).
import { createHmac } from 'node:crypto';
import { CustomerLinkService } from '../../src/index.js';
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
});
