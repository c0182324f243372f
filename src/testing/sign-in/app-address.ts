import type { Server } from 'node:http';

/**
 * What the kit can talk to: a Nest application (`INestApplication`, initialised or listening), a
 * Node HTTP server, or the app's origin as a URL (any path in it is ignored: paths are absolute).
 */
export type AppTarget = { getHttpServer(): unknown; init?(): Promise<unknown> } | Server | string | URL;

/**
 * The origin to send requests to. A server that is not listening yet (a Nest app after `init()`, as
 * supertest users have it) is started on 127.0.0.1 and a free port; the app's `close()` stops it.
 * @throws when the server listens on a pipe rather than a TCP port
 */
export async function originOf(target: AppTarget): Promise<URL> {
  if (typeof target === 'string' || target instanceof URL) return new URL(new URL(target).origin);
  const isServer = !('getHttpServer' in target);
  const server = (isServer ? target : target.getHttpServer()) as Server;
  if (!isServer && !server.listening) await target.init?.();
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => (server.off('error', reject), resolve()));
    });
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The app listens on a pipe, not a TCP port');
  // A wildcard listener (`app.listen(0)`) is reached over loopback.
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
}
