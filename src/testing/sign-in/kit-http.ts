import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer as the kit's agent returns it: redirects are never followed, the body is read whole. */
export interface KitResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text. */
  text: string;
  /** The `Location` header, when one was sent. */
  location?: string;
}

/** One request of the kit's agent. */
export interface KitRequest {
  method: string;
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: string;
  timeoutMs: number;
}

/**
 * Sends one request with `node:http`/`node:https` (no fetch, no test-runner helper) on its own
 * connection, so nothing is left open to keep an app's close() waiting.
 * @throws on a connection error, or when no answer came within `timeoutMs`
 */
export function send({ method, url, headers, body, timeoutMs }: KitRequest): Promise<KitResponse> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const location = res.headers.location;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          ...(location === undefined ? {} : { location }),
        });
      });
    });
    // Not the URL in the message: a completion or portal URL may carry a one-time value.
    req.on('timeout', () => req.destroy(new Error(`${method} request: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
