// Issue 11, deliverable 6: the signature covers the bytes as sent, so the receiver needs them. A host
// whose parser drops them gets a clear 500 and one log line saying what to set; bodies are bounded.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { sendWebhook } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import type { WebhookTestApp } from './webhook-app.js';
import { SIGNING_SECRET, startWebhookApp } from './webhook-app.js';
import { created, newPerson, nomosId, referenceFor, signup } from './webhook-fixtures.js';

const LIMIT = 262_144;

/** POSTs `body` signed as Nomos would, with any content type; resolves on the answer even if the upload is cut. */
function post(url: string, body: string, type: string, chunked = false): Promise<{ status: number; text: string }> {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', SIGNING_SECRET).update(`${t}.${body}`).digest('hex');
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-nomos-signature': `t=${t},v1=${v1}`,
        // Chunked: no length to refuse up front, so the bound is the reader's.
        ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
      },
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    // Two writes, so a chunked upload really arrives in chunks.
    req.write(body.slice(0, 1024));
    req.end(body.slice(1024));
  });
}

/** A signed `subscription.created` of about `size` bytes (padded with a field the receiver ignores). */
const eventOfSize = (size: number, subscriptionId = nomosId('sub')) => {
  const event = { id: nomosId('evt'), topic: 'subscription.created', context: { subscription: subscriptionId } };
  const bare = JSON.stringify({ ...event, padding: '' });
  return JSON.stringify({ ...event, padding: 'x'.repeat(Math.max(0, size - bare.length)) });
};

describeEachDb('Nomos webhooks: raw body', (kind) => {
  describe('in an app created without rawBody: true', () => {
    let t: WebhookTestApp;
    const logs = new LogCapture();
    beforeAll(async () => {
      logs.start();
      t = await startWebhookApp(kind, { rawBody: false });
    });
    afterAll(async () => {
      await t?.close();
      logs.stop();
    });

    it('fails closed with a 500 that says what to set, logged once, storing nothing', async () => {
      const s = signup(t.emulator, referenceFor(newPerson()));
      for (let i = 0; i < 2; i++) {
        const answer = await sendWebhook(t.url, created(s), { secret: SIGNING_SECRET });
        expect(answer.status).toBe(500);
        expect(JSON.parse(answer.body)).toMatchObject({
          error: 'raw-body-missing',
          message: expect.stringContaining('NestFactory.create(AppModule, { rawBody: true })'),
        });
      }
      expect(logs.text.match(/Nomos webhooks need the raw request body/g)).toHaveLength(1);
      expect(await t.events()).toEqual([]);
    });

    it('reads a body Nest did not parse itself, bounded, and refuses a larger one with 413', async () => {
      const person = newPerson();
      const s = signup(t.emulator, referenceFor(person));
      const body = JSON.stringify({ ...created(s), id: nomosId('evt') });
      expect((await post(t.url, body, 'text/plain')).status).toBe(200);
      await t.processor.settled();
      expect((await t.events()).map((e) => e.status)).toEqual(['processed']);
      expect((await post(t.url, eventOfSize(LIMIT + 1), 'text/plain')).status).toBe(413);
      expect((await post(t.url, eventOfSize(LIMIT + 1), 'text/plain', true)).status).toBe(413);
      expect(await t.events()).toHaveLength(1);
    });
  });

  describe('in an app whose JSON parser accepts more than the receiver', () => {
    let t: WebhookTestApp;
    beforeAll(async () => {
      t = await startWebhookApp(kind, { jsonLimit: '1mb' });
    });
    afterAll(() => t?.close());

    it('refuses a body over 256 KiB with 413, storing nothing, and keeps no copy of a large accepted one', async () => {
      const over = await post(t.url, eventOfSize(LIMIT + 1), 'application/json');
      expect([over.status, JSON.parse(over.text)]).toEqual([413, { error: 'body-too-large', limit: LIMIT }]);
      expect(await t.events()).toEqual([]);
      const large = await post(t.url, eventOfSize(LIMIT - 10), 'application/json');
      expect(large.status).toBe(200);
      await t.processor.settled();
      expect(await t.events()).toEqual([expect.objectContaining({ body: null, status: 'failed' })]);
    });
  });
});
