import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ResolvedEmulatorConfig } from './api-context.js';
import { handleApiRequest } from './api-server.js';
import { DEMO_CUSTOMERS } from './demo-seed.js';
import { devTls } from './dev-tls.js';
import { EmulatorState } from './emulator-state.js';
import type {
  AnsweredRequest,
  EmailFilterMode,
  EmulatorCounters,
  EmulatorCustomer,
  EmulatorFault,
  EmulatorLead,
  EmulatorSubscription,
  FaultRoute,
  IssuedLink,
  NomosEmulatorOptions,
} from './emulator.types.js';
import { FaultQueue } from './fault-queue.js';
import { handlePortalRequest } from './portal-server.js';
import { DOCUMENTED_RATE_LIMIT, RateLimiter } from './rate-limiter.js';
import { address, close, listen } from './server-lifecycle.js';

/** Most answers kept by {@link NomosEmulator.answers} (benchmarks send many more). */
const MAX_ANSWERS_KEPT = 10_000;
/** Most arrival times kept by {@link NomosEmulator.callTimes} (a 10k-mint fleet run stays well below). */
const MAX_ARRIVALS_KEPT = 200_000;

/**
 * A local stand-in for the Nomos API (plain HTTP) and its customer portal (HTTPS, committed dev cert),
 * for tests and the example app. Speaks the real wire shapes; adds counters, fault injection and latency.
 * Strict by default (see `strict`): form-encoded Basic credentials and the documented rate limit.
 * Silent: it never logs, since tests assert that no token or link ever reaches a log.
 * @example
 * const nomos = new NomosEmulator();
 * await nomos.start();
 * // point the client at nomos.apiUrl, with client id/secret 'test-client'/'test-secret'
 * await nomos.stop();
 */
export class NomosEmulator {
  /** Requests seen per route (faulted ones too); reset with {@link resetCounters}. */
  readonly counters: EmulatorCounters = {
    tokenRequests: 0,
    tokenByGrant: {},
    mintRequests: 0,
    mintByStatus: {},
    customerRequests: 0,
    rateLimited: 0,
  };
  /** Delay added before every API answer, in milliseconds. @default 0 */
  latencyMs = 0;
  /** How `GET /customers` applies `filter[email][…]`; change it at any time. @default 'case-insensitive' */
  emailFilter: EmailFilterMode = 'case-insensitive';

  private readonly config: ResolvedEmulatorConfig;
  private readonly state: EmulatorState;
  private readonly faults = new FaultQueue();
  private readonly rateLimiter?: RateLimiter;
  private readonly answered: AnsweredRequest[] = [];
  private readonly arrivals: number[] = [];
  private apiServer?: Server;
  private portalServer?: Server;
  private abort = new AbortController();

  constructor(options: NomosEmulatorOptions = {}) {
    this.config = {
      clientId: options.clientId ?? 'test-client',
      clientSecret: options.clientSecret ?? 'test-secret',
      tokenLifetimeSec: options.tokenLifetimeSec ?? 3600,
      linkLifetimeSec: options.linkLifetimeSec ?? 300,
      apiPort: options.apiPort ?? 0,
      portalPort: options.portalPort ?? 0,
      host: options.host ?? '127.0.0.1',
      apiVersion: options.apiVersion ?? '2026-05-27.curie',
      strict: options.strict ?? true,
      rateLimit: options.rateLimit ?? ((options.strict ?? true) ? { ...DOCUMENTED_RATE_LIMIT } : false),
    };
    if (this.config.rateLimit) this.rateLimiter = new RateLimiter(this.config.rateLimit);
    this.state = new EmulatorState(options.customers ?? DEMO_CUSTOMERS);
  }

  /** Starts both listeners. @throws if already started or a port is taken. */
  async start(): Promise<void> {
    if (this.apiServer) throw new Error('NomosEmulator is already started');
    this.abort = new AbortController();
    const ctx = {
      state: this.state,
      config: this.config,
      portalPort: () => this.portalPort,
      emailFilter: () => this.emailFilter,
    };
    const apiEnv = {
      ctx,
      faults: this.faults,
      counters: this.counters,
      rateLimiter: this.rateLimiter,
      record: (answer: AnsweredRequest) => {
        this.answered.push(answer);
        if (this.answered.length > MAX_ANSWERS_KEPT) this.answered.shift();
      },
      arrived: (at: number) => {
        this.arrivals.push(at);
        if (this.arrivals.length > MAX_ARRIVALS_KEPT) this.arrivals.shift();
      },
      latencyMs: () => this.latencyMs,
      signal: this.abort.signal,
    };
    const portalEnv = { state: this.state, linkLifetimeMs: () => this.config.linkLifetimeSec * 1000 };
    const apiServer = createHttpServer((req, res) => void handleApiRequest(req, res, apiEnv));
    const portalServer = createHttpsServer({ ...devTls() }, (req, res) => handlePortalRequest(req, res, portalEnv));
    this.apiServer = apiServer;
    this.portalServer = portalServer;
    try {
      await listen(apiServer, this.config.apiPort, this.config.host);
      await listen(portalServer, this.config.portalPort, this.config.host);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops both listeners, closing keep-alive sockets and unanswered (hanging, delayed) requests. Idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    const servers = [this.apiServer, this.portalServer].filter((s): s is Server => s !== undefined);
    this.apiServer = undefined;
    this.portalServer = undefined;
    await Promise.all(servers.map(close));
  }

  /** The package's `nomos` options for this emulator: its API URL and client credentials. @throws before start(). */
  clientOptions(): { baseUrl: string; clientId: string; clientSecret: string } {
    return { baseUrl: this.apiUrl, clientId: this.config.clientId, clientSecret: this.config.clientSecret };
  }

  /** Base URL of the API, e.g. `http://127.0.0.1:40123`. @throws before start(). */
  get apiUrl(): string {
    const { port } = address(this.apiServer);
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${port}`;
  }

  /** Port of the HTTPS fake portal; links use `https://<plan>.customerportal.localhost:<portalPort>`. @throws before start(). */
  get portalPort(): number {
    return address(this.portalServer).port;
  }

  /**
   * When each API request arrived (`performance.now()`, every route but `/health`, refused and faulted
   * ones too), oldest first, the last 200 000 at most; cleared by {@link resetCounters}.
   */
  callTimes(): readonly number[] {
    return [...this.arrivals];
  }

  /**
   * The most API requests that arrived within any `windowMs` (a sliding window, start included, end
   * excluded), for asserting that a client fleet kept to a rate: "never more than 10 in any second".
   * @param windowMs @default 1000
   */
  maxCallsInAnyWindow(windowMs = 1000): number {
    let most = 0;
    for (let start = 0, end = 0; end < this.arrivals.length; end++) {
      while (this.arrivals[end] - this.arrivals[start] >= windowMs) start++;
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /** Zeroes every counter in place (references to `counters` stay valid). */
  resetCounters(): void {
    this.arrivals.length = 0;
    this.counters.tokenRequests = 0;
    this.counters.mintRequests = 0;
    this.counters.customerRequests = 0;
    this.counters.rateLimited = 0;
    for (const key of Object.keys(this.counters.tokenByGrant)) delete this.counters.tokenByGrant[key];
    for (const key of Object.keys(this.counters.mintByStatus)) delete this.counters.mintByStatus[Number(key)];
  }

  /**
   * Answers the next `times` requests to `route` with `fault` instead of the real response (FIFO, after
   * any faults already queued). A hang never answers until stop().
   * @param times @default 1
   */
  injectFault(route: FaultRoute, fault: EmulatorFault, times = 1): void {
    this.faults.push(route, fault, times);
  }

  /** Drops faults that were queued but not yet consumed. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Forgets every access and refresh token: the next bearer call gets 401 UNAUTHORIZED and a refresh gets 400. */
  revokeAllTokens(): void {
    this.state.revokeAllTokens();
  }

  /** Adds a customer. @throws when the id exists, or a company has no company_name. */
  addCustomer(customer: EmulatorCustomer): void {
    this.state.addCustomer(customer);
  }

  /**
   * Adds or replaces a subscription (replacing models a later state, e.g. metadata patched).
   * @throws for an unknown customer
   */
  putSubscription(subscription: EmulatorSubscription): void {
    if (!this.state.customers.has(subscription.customerId)) {
      throw new Error(`Emulator has no customer ${subscription.customerId}`);
    }
    this.state.subscriptions.set(subscription.id, { ...subscription });
  }

  /** Adds or replaces a lead. */
  putLead(lead: EmulatorLead): void {
    this.state.leads.set(lead.id, { ...lead });
  }

  /** Every OAuth access and refresh token issued so far. Tests only: never log them. */
  issuedTokens(): readonly string[] {
    return this.state.issuedTokens();
  }

  /**
   * Answers of the counted routes (token, mint, customers), oldest first, the last 10 000 at most
   * (copies). For checking how a client paced its retries, e.g. after a 429's `Retry-After`.
   */
  answers(): readonly AnsweredRequest[] {
    return this.answered.map((answer) => ({ ...answer }));
  }

  /** Every link minted so far, oldest first (copies). They are credentials: assert on them, never log them. */
  issuedLinks(): readonly IssuedLink[] {
    return this.state.issuedLinks();
  }
}
