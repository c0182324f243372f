import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ABOVE_SPEC_LOAD, callApi, fetchToken } from './emulator-http.spec-helper.js';
import { NomosEmulator } from './nomos-emulator.js';
import { describeErrors, responseValidator } from './openapi-schema.spec-helper.js';
import { sendWebhook } from './webhook-sender.js';

describe('Nomos emulator: subscriptions, leads and signed webhooks', () => {
  const emulator = new NomosEmulator({ rateLimit: ABOVE_SPEC_LOAD });
  let token: string;
  const customerId = 'cus_subscriber';

  beforeAll(async () => {
    emulator.addCustomer({
      id: customerId,
      type: 'person',
      first_name: 'Sub',
      last_name: 'Scriber',
      email: 'sub@corp.example',
      created_at: '2026-01-01T00:00:00Z',
      planSlug: 'acme',
      hasSubscription: true,
    });
    await emulator.start();
    token = await fetchToken(emulator);
  });
  afterAll(() => emulator.stop());

  it('GET /subscriptions/{id} and /leads/{id} answer in the spec shapes; unknown ids 404', async () => {
    emulator.putSubscription({
      id: 'sub_1',
      customerId,
      metadata: { nomos_portal_ref: 'ref' },
      created_at: '2026-02-01T00:00:00Z',
    });
    emulator.putLead({ id: 'lead_1', subscription: 'sub_1', metadata: { x: 'y' }, created_at: '2026-02-01T00:00:00Z' });
    const sub = await callApi(emulator, 'GET', '/subscriptions/sub_1', { bearer: token });
    const validateSub = responseValidator('/subscriptions/{id}', 'get', 200);
    expect({ valid: validateSub(sub.json), errors: describeErrors(validateSub) }).toEqual({ valid: true, errors: '' });
    expect(sub.json).toMatchObject({
      id: 'sub_1',
      customer: { id: customerId },
      metadata: { nomos_portal_ref: 'ref' },
    });
    const lead = await callApi(emulator, 'GET', '/leads/lead_1', { bearer: token });
    const validateLead = responseValidator('/leads/{id}', 'get', 200);
    expect({ valid: validateLead(lead.json), errors: describeErrors(validateLead) }).toEqual({
      valid: true,
      errors: '',
    });
    expect((await callApi(emulator, 'GET', '/subscriptions/sub_none', { bearer: token })).status).toBe(404);
    expect((await callApi(emulator, 'GET', '/leads/lead_none', { bearer: token })).status).toBe(404);
    expect((await callApi(emulator, 'GET', '/subscriptions/sub_1', {})).status).toBe(401);
  });

  it('sendWebhook signs "<t>.<raw body>" with the secret, as Nomos documents', async () => {
    const seen: { signature?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ signature: req.headers['x-nomos-signature'] as string, body: Buffer.concat(chunks).toString() });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const sent = await sendWebhook(
        url,
        { topic: 'subscription.created', context: { subscription: 'sub_1' } },
        { secret: 'whsec', timestamp: 1_765_000_000 },
      );
      expect(sent.status).toBe(200);
      expect(sent.eventId).toMatch(/^evt_[0-9a-f]+$/);
      const [got] = seen;
      expect(got.body).toBe(sent.rawBody);
      const v1 = createHmac('sha256', 'whsec').update(`1765000000.${got.body}`).digest('hex');
      expect(got.signature).toBe(`t=1765000000,v1=${v1}`);
      expect(JSON.parse(got.body)).toEqual({
        id: sent.eventId,
        topic: 'subscription.created',
        timestamp: new Date(1_765_000_000_000).toISOString(),
        context: { subscription: 'sub_1' },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
