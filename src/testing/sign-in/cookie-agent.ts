import type { OutgoingHttpHeaders } from 'node:http';
import { originOf, type AppTarget } from './app-address.js';
import { CookieJar } from './cookie-jar.js';
import { send, type KitResponse } from './kit-http.js';

/** What a request of a {@link CookieAgent} may carry besides the cookies. */
export interface AgentRequestInit {
  /** Extra request headers (over the agent's own). */
  headers?: Record<string, string>;
  /** An HTML form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** A JSON body (`application/json`). */
  json?: unknown;
}

/** Options of a {@link CookieAgent}. */
export interface CookieAgentOptions {
  /** Headers sent with every request, e.g. `{ 'X-Forwarded-For': '203.0.113.7' }`. @default {} */
  headers?: Record<string, string>;
  /** Give up on a request after this long. @default 10000 */
  timeoutMs?: number;
}

/**
 * A cookie-keeping client for one app, like one browser: it sends back the cookies the app set and
 * never follows redirects (a test looks at the `302` to the portal link itself). Built on
 * `node:http`; usable from any test runner. {@link cookie} hands the session to another client
 * (supertest, fetch, a browser context).
 */
export class CookieAgent {
  private readonly jar = new CookieJar();

  private constructor(
    /** The app's origin, e.g. `http://127.0.0.1:40123`. */
    readonly origin: URL,
    private readonly options: CookieAgentOptions,
  ) {}

  /** An agent with no cookies yet for `target` (see {@link AppTarget}). */
  static async open(target: AppTarget, options: CookieAgentOptions = {}): Promise<CookieAgent> {
    return new CookieAgent(await originOf(target), options);
  }

  /**
   * The `Cookie` header value this agent sends (the session cookie after sign-in), e.g. for
   * supertest's `.set('Cookie', …)`.
   */
  get cookie(): string {
    return this.jar.header();
  }

  /** `GET path` (an absolute path with its query, e.g. `/portal`). */
  get(path: string, headers: Record<string, string> = {}): Promise<KitResponse> {
    return this.request('GET', path, { headers });
  }

  /** `POST path` with a form or JSON body. */
  post(path: string, init: AgentRequestInit = {}): Promise<KitResponse> {
    return this.request('POST', path, init);
  }

  /** Any request; cookies the answer sets are kept for the next one. */
  async request(method: string, path: string, init: AgentRequestInit = {}): Promise<KitResponse> {
    const headers: OutgoingHttpHeaders = { ...this.options.headers, ...init.headers };
    let body: string | undefined;
    if (init.form !== undefined) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const cookie = this.jar.header();
    if (cookie !== '') headers.cookie = cookie;
    const url = new URL(path, this.origin);
    if (url.origin !== this.origin.origin) throw new Error('CookieAgent: only paths of its own app are requested');
    const response = await send({ method, url, headers, body, timeoutMs: this.options.timeoutMs ?? 10_000 });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }
}
