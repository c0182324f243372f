// Found by `npm run test:mutation`: the transport's own rules (headers, base path, body reading,
// time limit, abort, size cap, connection errors) against a real loopback HTTP server.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  NomosAbortedError,
  NomosConnectionError,
  NomosInvalidResponseError,
  NomosTimeoutError,
} from '../../../src/nomos-api/nomos-api.errors.js';
import { resolveNomosApiOptions } from '../../../src/nomos-api/nomos-api.options.js';
import { HttpTransport, NOMOS_USER_AGENT } from '../../../src/nomos-api/http-transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('HttpTransport', () => {
  let server: Server;
  let handler: Handler;
  const seen: IncomingMessage[] = [];
  let port: number;
  const transport = (extra: Record<string, unknown> = {}) =>
    new HttpTransport(
      resolveNomosApiOptions({
        clientId: 'c',
        clientSecret: 's',
        baseUrl: `http://127.0.0.1:${port}/v1/`,
        timeoutMs: 2000,
        ...extra,
      }),
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('sends the pinned headers under the base path and reads JSON, text and empty bodies', async () => {
    const t = transport({ apiVersion: '2027-01-02' });
    handler = (_req, res) => res.end('{"ok":true}');
    const res = await t.send({
      method: 'POST',
      path: '/customers',
      headers: { accept: 'application/x-test', 'x-extra': '1' },
      body: 'b',
    });
    expect([res.statusCode, res.body]).toEqual([200, { ok: true }]);
    expect(seen[0].url).toBe('/v1/customers');
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers).toMatchObject({
      accept: 'application/x-test',
      'user-agent': NOMOS_USER_AGENT,
      'x-api-version': '2027-01-02',
      'x-extra': '1',
    });
    handler = (_req, res) => res.end('not json');
    expect((await t.send({ method: 'GET', path: '/x' })).body).toBe('not json');
    handler = (_req, res) => res.end();
    expect((await t.send({ method: 'GET', path: '/x' })).body).toBeUndefined();
    expect(seen[1].headers.accept).toBe('application/json');
    await t.close();
  });

  it('gives up after the smaller of its own and the caller limit, as a retryable timeout', async () => {
    const t = transport();
    handler = () => undefined;
    const error = await t.send({ method: 'GET', path: '/slow' }, { timeoutMs: 60.2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NomosTimeoutError);
    expect([
      (error as NomosTimeoutError).message,
      (error as NomosTimeoutError).code,
      (error as NomosTimeoutError).retryable,
    ]).toEqual(['Nomos API did not answer within 61 ms', 'TIMEOUT', true]);
    const tiny = await t.send({ method: 'GET', path: '/slow' }, { timeoutMs: -5 }).catch((e: unknown) => e);
    expect((tiny as Error).message).toBe('Nomos API did not answer within 1 ms');
    await t.close();
  });

  it('sends nothing for an aborted caller and stops when the caller aborts', async () => {
    const t = transport();
    handler = () => undefined;
    const gone = new AbortController();
    gone.abort();
    await expect(t.send({ method: 'GET', path: '/x' }, { signal: gone.signal })).rejects.toBeInstanceOf(
      NomosAbortedError,
    );
    expect(seen).toHaveLength(0);
    const leaving = new AbortController();
    const sending = t.send({ method: 'GET', path: '/x' }, { signal: leaving.signal });
    setTimeout(() => leaving.abort(), 50);
    await expect(sending).rejects.toBeInstanceOf(NomosAbortedError);
    await t.close();
  });

  it('refuses a body over 1 MiB as an invalid response', async () => {
    const t = transport();
    handler = (_req, res) => res.end('x'.repeat(1024 * 1024 + 1));
    const error = await t.send({ method: 'GET', path: '/big' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NomosInvalidResponseError);
    expect((error as Error).message).toBe('Nomos API returned an unexpected response: body larger than 1048576 bytes');
    await t.close();
  });

  it('calls a refused connection retryable and a closed client final, naming the reason', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const refused = new HttpTransport(
      resolveNomosApiOptions({ clientId: 'c', clientSecret: 's', baseUrl: `http://127.0.0.1:${closedPort}` }),
    );
    const error = (await refused.send({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as NomosConnectionError;
    expect(error).toBeInstanceOf(NomosConnectionError);
    expect([error.message, error.code, error.retryable]).toEqual([
      'Could not reach the Nomos API (ECONNREFUSED)',
      'CONNECTION_ERROR',
      true,
    ]);
    const closing = refused.close();
    expect(refused.close()).toBe(closing);
    await closing;
    const closed = (await refused.send({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as NomosConnectionError;
    expect(closed).toBeInstanceOf(NomosConnectionError);
    expect(closed.retryable).toBe(false);
  });
});
