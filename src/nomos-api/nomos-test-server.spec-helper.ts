// Test-only: a tiny Nomos stand-in on 127.0.0.1:0 that records every request. Not exported by the barrel.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveNomosApiOptions, type NomosApiOptions, type ResolvedNomosApiOptions } from './nomos-api.options.js';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** Answers one request; route keys are `"METHOD /path"` without the query string. */
export type Route = (req: SeenRequest, res: ServerResponse) => void;

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A `POST /oauth/token` route handing out `SECRET-at-<n>` / `SECRET-rt-<n>` tokens. */
export function tokenRoute(expiresIn = 3600): Route {
  let n = 0;
  return (_req, res) => {
    n++;
    sendJson(res, 200, {
      access_token: `SECRET-at-${n}`,
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: `SECRET-rt-${n}`,
      scope: 'read:* write:*',
    });
  };
}

/** The recording server. */
export class NomosTestServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** Every request the server has answered, in order of arrival. */
    readonly requests: SeenRequest[],
  ) {}

  /** Starts a server with `routes`; unknown routes get 404 in the current Nomos envelope. */
  static async start(routes: Record<string, Route>): Promise<NomosTestServer> {
    const requests: SeenRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen: SeenRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.now(),
        };
        requests.push(seen);
        const route = routes[`${seen.method} ${seen.path.split('?')[0]}`];
        if (route) return route(seen, res);
        sendJson(res, 404, { code: 'NOT_FOUND', message: 'No route', requestId: 'req-404', docs: 'https://docs' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new NomosTestServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  }

  /** Requests seen for `"METHOD /path"` (query string ignored). */
  seen(route: string): SeenRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path.split('?')[0]}` === route);
  }

  /**
   * Options pointing at this server, with small delays so specs stay fast; pacing and the circuit
   * breaker off (specs about them turn them on), so that retry specs count only their own attempts.
   */
  options(overrides: Partial<NomosApiOptions> = {}): ResolvedNomosApiOptions {
    return resolveNomosApiOptions({
      baseUrl: this.url,
      clientId: 'client-1',
      clientSecret: 'SECRET-cs',
      timeoutMs: 1000,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
      rateLimit: false,
      circuitBreaker: false,
      ...overrides,
    });
  }

  /** Stops listening and cuts open connections (hanging requests included). */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A logger that keeps every line, to assert on what was (not) logged. */
export class CapturingLogger {
  readonly lines: string[] = [];
  log(m: unknown): void {
    this.lines.push(`log ${String(m)}`);
  }
  warn(m: unknown): void {
    this.lines.push(`warn ${String(m)}`);
  }
  error(m: unknown): void {
    this.lines.push(`error ${String(m)}`);
  }
  debug(m: unknown): void {
    this.lines.push(`debug ${String(m)}`);
  }
}
