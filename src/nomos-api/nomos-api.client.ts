import { Logger } from '@nestjs/common';
import { AttemptLoop, type NomosApiLogger, type NomosCallOptions } from './attempt-loop.js';
import { headerValue } from './error-mapper.js';
import { HttpTransport } from './http-transport.js';
import { NomosPacer } from './nomos-pacer.js';
import { PacedTransport } from './paced-transport.js';
import { rateLimitStoreOf, type NomosApiClientDeps } from './rate-limit-store-of.js';
import type { ResolvedNomosApiOptions } from './nomos-api.options.js';
import type { NomosCustomer, NomosList } from './nomos-api.types.js';
import { readCustomer, readCustomerList, readMagicLink } from './response-shapes.js';
import { TokenProvider } from './token-provider.js';
import { readLead, readSubscription, type NomosLead, type NomosSubscription } from './subscription-shapes.js';
import { observedNomosCalls, registerPacingQueueDepth } from '../telemetry/index.js';

// Declared beside the attempt loop that uses them; part of the client's API.
export type { NomosApiLogger, NomosCallOptions } from './attempt-loop.js';
export type { NomosApiClientDeps } from './rate-limit-store-of.js';

/**
 * Client for the Nomos API over a keep-alive pool: bearer token handling (`TokenProvider`), one retry
 * with a fresh token after a 401, retries with backoff on 429/5xx/network errors/timeouts
 * (`decideRetry`), typed errors (`nomosErrorFromResponse`). Knows nothing of users or Nest requests.
 */
export class NomosApiClient {
  private readonly transport: PacedTransport;
  private readonly attempts: Pick<AttemptLoop, 'run'>;
  private readonly tokens: TokenProvider;
  /** Fair use of Nomos: the fleet-wide limiter and this replica's circuit breaker (queue depth, circuit state). */
  readonly pacer: NomosPacer;
  private readonly stopQueueGauge: () => void;

  /**
   * @param options validated options, from `resolveNomosApiOptions`
   * @param logger where retry warnings go; nothing secret is ever logged
   * @param deps what a shared rate-limit store needs from the host (the module passes it)
   * @default logger new Logger('NomosApiClient')
   * @throws NomosPortalConfigError when `nomos.rateLimit.store` is `'database'` and `deps.query` is missing
   */
  constructor(
    private readonly options: ResolvedNomosApiOptions,
    logger?: NomosApiLogger,
    deps: NomosApiClientDeps = {},
  ) {
    const log = logger ?? new Logger(NomosApiClient.name);
    const store = options.rateLimit ? rateLimitStoreOf(options.rateLimit, deps) : undefined;
    this.pacer = new NomosPacer(options, store, log);
    this.transport = new PacedTransport(new HttpTransport(options), this.pacer);
    this.stopQueueGauge = registerPacingQueueDepth(() => this.pacer.waiting);
    this.tokens = new TokenProvider(this.transport, options, log);
    // Spans and metrics per call (telemetry/); the loop itself stays free of them.
    this.attempts = observedNomosCalls(new AttemptLoop(options, this.transport, this.tokens, log));
  }

  /**
   * `POST /admin/magic_link`: mints a single-use portal link for `customerId`. The link is a
   * credential: do not log, store or cache it. Its host is not checked here.
   * @returns the link and Nomos's request id (from `x-request-id`) when sent
   * @throws NomosApiError (or a subclass) on failure; `NomosInvalidResponseError` when the 200 has no
   *   link; `NomosRateLimitError` with code `RATE_LIMITED` when Nomos asks to wait past the deadline;
   *   `NomosAbortedError` when `opts.signal` fired
   */
  async createMagicLink(
    customerId: string,
    opts: NomosCallOptions = {},
  ): Promise<{ link: string; requestId?: string }> {
    const req = { method: 'POST', path: '/admin/magic_link', body: JSON.stringify({ customerId }) } as const;
    const res = await this.attempts.run(req, 'POST /admin/magic_link', {
      ...opts,
      deadlineMs: opts.deadlineMs ?? this.options.mintDeadlineMs,
    });
    const requestId = headerValue(res.headers, 'x-request-id');
    return { link: readMagicLink(res.body, requestId).link, requestId };
  }

  /** `GET /customers/{id}`. @throws NomosApiError with code `NOT_FOUND` when there is no such customer */
  async getCustomer(id: string): Promise<NomosCustomer> {
    const res = await this.attempts.run(
      { method: 'GET', path: `/customers/${encodeURIComponent(id)}` },
      'GET /customers/{id}',
    );
    return readCustomer(res.body, headerValue(res.headers, 'x-request-id'));
  }

  /**
   * `GET /customers`, one page. `email` becomes `filter[email][eq]`. Nomos silently ignores filters
   * it does not know, so callers must still check each item's email.
   */
  async listCustomers(
    params: { email?: string; limit?: number; cursor?: string } = {},
  ): Promise<NomosList<NomosCustomer>> {
    const query = new URLSearchParams();
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.cursor !== undefined) query.set('cursor', params.cursor);
    if (params.email !== undefined) query.set('filter[email][eq]', params.email);
    const qs = query.size > 0 ? `?${query.toString()}` : '';
    const res = await this.attempts.run({ method: 'GET', path: `/customers${qs}` }, 'GET /customers');
    return readCustomerList(res.body, headerValue(res.headers, 'x-request-id'));
  }

  /**
   * `GET /subscriptions/{id}`: the subscription with its customer and metadata (webhook linking reads
   * the current state here rather than trusting the event's order).
   * @throws NomosApiError with `nomosCode` `NOT_FOUND` when there is no such subscription
   */
  async getSubscription(id: string): Promise<NomosSubscription> {
    const path = `/subscriptions/${encodeURIComponent(id)}`;
    const res = await this.attempts.run({ method: 'GET', path }, 'GET /subscriptions/{id}');
    return readSubscription(res.body, headerValue(res.headers, 'x-request-id'));
  }

  /** `GET /leads/{id}`: the lead with its metadata. @throws NomosApiError with `nomosCode` `NOT_FOUND` */
  async getLead(id: string): Promise<NomosLead> {
    const res = await this.attempts.run({ method: 'GET', path: `/leads/${encodeURIComponent(id)}` }, 'GET /leads/{id}');
    return readLead(res.body, headerValue(res.headers, 'x-request-id'));
  }

  /**
   * For health checks: resolves once an access token is held, the cached one or from one token
   * request. Never calls anything but the token endpoint, never returns the token.
   * @throws NomosApiError (or a subclass) when no token can be had
   */
  async checkAccessToken(): Promise<void> {
    await this.tokens.getToken();
  }

  /** Closes the connection pool once in-flight requests finish. Later calls fail with `NomosConnectionError`. */
  close(): Promise<void> {
    this.stopQueueGauge();
    return this.transport.close();
  }
}
