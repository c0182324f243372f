import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { devTls } from './dev-tls.js';

/** The fake portal's answer. */
export interface PortalResponse {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * Opens a fake-portal link (`https://<plan>.customerportal.localhost:<port>/…`) the way a browser would,
 * except that it connects to `connectHost` because those names do not resolve in Node. TLS is verified
 * against the committed dev certificate (as the only CA) for the link's host name, sent as SNI and `Host`.
 * @param cookie a `Cookie` header value, e.g. from {@link sessionCookie}.
 * @param connectHost where the emulator listens. @default '127.0.0.1'
 * @throws when the link is not https, on TLS/connection errors, or after 10 s without an answer.
 */
export function openPortalLink(link: string, cookie?: string, connectHost = '127.0.0.1'): Promise<PortalResponse> {
  const url = new URL(link);
  if (url.protocol !== 'https:') return Promise.reject(new Error('openPortalLink: only https links are opened'));
  const headers: Record<string, string> = { Host: url.host, Accept: 'text/html' };
  if (cookie) headers.Cookie = cookie;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: connectHost,
        port: url.port === '' ? 443 : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        // SNI must not carry an IP literal (RFC 6066); the certificate check then uses `host`.
        servername: isIP(url.hostname) ? undefined : url.hostname,
        ca: devTls().cert,
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    // Not the URL in the message: it carries the sign-in token.
    req.on('timeout', () => req.destroy(new Error('openPortalLink: no answer within 10 s')));
    req.on('error', reject);
    req.end();
  });
}

/** The `name=value` pairs of a response's `Set-Cookie` headers, ready to send back as `Cookie`. */
export function sessionCookie(headers: IncomingHttpHeaders): string | undefined {
  const pairs = (headers['set-cookie'] ?? []).map((line) => line.split(';')[0].trim());
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}
