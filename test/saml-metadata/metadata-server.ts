import { createHash } from 'node:crypto';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { devTls } from '../../src/testing/index.js';

/** What the IdP's metadata endpoint does now. */
export type MetadataBehaviour =
  | { kind: 'serve'; xml: string }
  /** Answers with this status and no document (an IdP outage behind a load balancer). */
  | { kind: 'status'; status: number }
  /** Takes the request and never answers. */
  | { kind: 'hang' };

/** One request the endpoint saw. */
export interface SeenRequest {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
}

/**
 * The test IdP's metadata endpoint over https on 127.0.0.1, with the committed dev certificate
 * (clients trust it through `saml.idp.metadataCa`). Answers ETag / Last-Modified and honours
 * If-None-Match with 304, like the IdPs' own endpoints; the document can change at any time.
 */
export class MetadataServer {
  behaviour: MetadataBehaviour = { kind: 'status', status: 503 };
  readonly seen: SeenRequest[] = [];
  private server?: Server;
  private readonly modified = new Date(Date.now() - 60_000).toUTCString();

  /** Serves `xml` from now on. */
  serve(xml: string): void {
    this.behaviour = { kind: 'serve', xml };
  }

  async start(): Promise<this> {
    const server = createServer(devTls(), (request, response) => {
      const seen: SeenRequest = {
        ifNoneMatch: request.headers['if-none-match'],
        ifModifiedSince: request.headers['if-modified-since'],
        status: 200,
      };
      this.seen.push(seen);
      const now = this.behaviour;
      if (now.kind === 'hang') return;
      if (request.url !== '/metadata' || now.kind === 'status') {
        seen.status = request.url !== '/metadata' ? 404 : (now as { status: number }).status;
        response.writeHead(seen.status).end();
        return;
      }
      const etag = `"${createHash('sha256').update(now.xml).digest('hex').slice(0, 16)}"`;
      if (request.headers['if-none-match'] === etag) {
        seen.status = 304;
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/samlmetadata+xml', etag, 'last-modified': this.modified });
      response.end(now.xml);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The metadata URL, by a name the dev certificate covers. */
  get url(): string {
    return `https://localhost:${this.port}/metadata`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 8_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
