import { NomosApiClient } from './nomos-api.client.js';
import { NomosApiError, NomosInvalidResponseError } from './nomos-api.errors.js';
import { NomosTestServer, sendJson, tokenRoute } from './nomos-test-server.spec-helper.js';

describe('NomosApiClient.getSubscription / getLead', () => {
  let server: NomosTestServer;
  let client: NomosApiClient;
  let subscription: unknown;

  beforeAll(async () => {
    server = await NomosTestServer.start({
      'POST /oauth/token': tokenRoute(),
      'GET /subscriptions/sub_1': (_q, s) => sendJson(s, 200, subscription),
      'GET /subscriptions/sub_404': (_q, s) =>
        sendJson(s, 404, { code: 'NOT_FOUND', message: 'Subscription not found', requestId: 'rq', docs: 'd' }),
      'GET /leads/lead_1': (_q, s) => sendJson(s, 200, { object: 'lead', id: 'lead_1', metadata: { a: 'b' } }),
    });
    client = new NomosApiClient(server.options());
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('reads the subscription with its customer and metadata, and the lead', async () => {
    subscription = { object: 'subscription', id: 'sub_1', customer: { id: 'cus_1' }, metadata: { k: 'v' }, more: 1 };
    await expect(client.getSubscription('sub_1')).resolves.toMatchObject({
      customer: { id: 'cus_1' },
      metadata: { k: 'v' },
    });
    await expect(client.getLead('lead_1')).resolves.toMatchObject({ id: 'lead_1', metadata: { a: 'b' } });
  });

  it('refuses a subscription without a customer id or with non-object metadata; 404 is NOT_FOUND', async () => {
    subscription = { object: 'subscription', id: 'sub_1', customer: 'cus_1' };
    await expect(client.getSubscription('sub_1')).rejects.toBeInstanceOf(NomosInvalidResponseError);
    subscription = { object: 'subscription', id: 'sub_1', customer: { id: 'cus_1' }, metadata: 'x' };
    await expect(client.getSubscription('sub_1')).rejects.toBeInstanceOf(NomosInvalidResponseError);
    const notFound = await client.getSubscription('sub_404').catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(NomosApiError);
    expect((notFound as NomosApiError).nomosCode).toBe('NOT_FOUND');
  });
});
