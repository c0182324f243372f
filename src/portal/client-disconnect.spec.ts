import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientDisconnectSignal } from './client-disconnect.js';

describe('clientDisconnectSignal (real HTTP server on loopback)', () => {
  let server: http.Server;
  let port: number;
  let seen: Array<{ signal: AbortSignal; res: http.ServerResponse }>;
  let answer: (res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ signal: clientDisconnectSignal(req, res), res });
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    seen = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const send = (method: string, body?: string) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: '/', agent: false });
    req.on('error', () => undefined);
    req.end(body);
    return req;
  };

  it.each([['GET'], ['POST']])('fires when a %s client disconnects before its answer', async (method) => {
    answer = () => undefined; // keep the response open
    const req = send(method, method === 'POST' ? '{"a":1}' : undefined);
    await until(() => seen.length === 1);
    expect(seen[0].signal.aborted).toBe(false);
    req.destroy();
    await until(() => seen[0].signal.aborted);
  });

  it('does not fire once the response finished, even when the socket closes after', async () => {
    answer = (res) => res.end('ok');
    await new Promise<void>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
    });
    await until(() => seen[0]?.res.closed === true);
    expect(seen[0].signal.aborted).toBe(false);
  });
});
