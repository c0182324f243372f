import { isIP } from 'node:net';

/**
 * True for hosts that can only be this machine (`localhost`, `127.0.0.0/8`, `::1`), where plain
 * http cannot leak credentials to the network.
 * @param hostname a URL's `hostname` (IPv6 may still carry its brackets)
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
