import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on `host:port`; rejects when the port is taken. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes a server, destroying its open connections, including requests that were never answered. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // close() alone waits for open connections; hanging requests would keep it waiting forever.
    server.closeAllConnections();
  });
}

/** The bound address. @throws when the server is not listening. */
export function address(server: Server | undefined): AddressInfo {
  const info = server?.address();
  if (!info || typeof info === 'string') throw new Error('NomosEmulator is not started');
  return info;
}
