/** A customer the emulator knows, with the two internal fields that decide where its magic link points. */
export interface EmulatorCustomer {
  /** Nomos customer id, e.g. `cus_mi4f0oda6x9m7gcsvjk0ole1`. */
  id: string;
  /** `company` customers must have a `company_name`. */
  type: 'person' | 'company';
  first_name: string;
  last_name: string;
  email: string;
  /** Only meaningful for `company` customers. @default null */
  company_name?: string | null;
  /** @default null */
  vat_id?: string | null;
  /** ISO 8601 timestamp; the list endpoint orders by it (newest first). */
  created_at: string;
  /** Subdomain of the plan's portal: links go to `https://<planSlug>.customerportal.localhost:<port>`. Internal, never sent by the API. */
  planSlug: string;
  /**
   * `false` sends the customer's link to the plan's checkout (`/start`) instead of `/auth/confirm`.
   * Internal, never sent by the API.
   */
  hasSubscription: boolean;
}

/** Options of {@link NomosEmulator}. Every field is optional. */
export interface NomosEmulatorOptions {
  /** OAuth client id accepted by `POST /oauth/token` (HTTP Basic). @default 'test-client' */
  clientId?: string;
  /** OAuth client secret accepted by `POST /oauth/token` (HTTP Basic). @default 'test-secret' */
  clientSecret?: string;
  /** Lifetime of access tokens, in seconds (fractions allowed, for expiry tests). @default 3600 */
  tokenLifetimeSec?: number;
  /** How long a magic link can be opened after it was minted, in seconds (fractions allowed). @default 300 */
  linkLifetimeSec?: number;
  /** Customers known at start. @default DEMO_CUSTOMERS (a small seed) */
  customers?: EmulatorCustomer[];
  /** Port of the plain-HTTP API listener; 0 picks a free one. @default 0 */
  apiPort?: number;
  /** Port of the HTTPS fake-portal listener; 0 picks a free one. @default 0 */
  portalPort?: number;
  /** Address both listeners bind to. @default '127.0.0.1' */
  host?: string;
  /**
   * `X-API-Version` sent back when the request did not send one (a request's own value is echoed).
   * @default '2026-05-27.curie'
   */
  apiVersion?: string;
  /**
   * Strict mode: as strict as the vendor documents the real API (README, fidelity table). Basic client
   * credentials must be form-urlencoded before base64 (RFC 6749 §2.3.1), and `rateLimit` defaults to
   * the documented 10 requests per second. `false` (lenient) also accepts raw credentials and has no
   * rate limit: opt out only with a comment naming the suite's reason.
   * @default true
   */
  strict?: boolean;
  /**
   * Requests per fixed window for the (single) API client, on `/oauth/token`, `/admin/magic_link` and
   * `/customers…`. Answers carry `ratelimit-limit`/`-remaining`/`-reset`; over the limit the answer is
   * `429 TOO_MANY_REQUESTS` with `Retry-After`. `false`: no limit and no `ratelimit-*` headers.
   * @default { limit: 10, windowSec: 1 } when strict (the vendor's documented default), false when lenient
   */
  rateLimit?: RateLimitOptions | false;
}

/** A fixed-window rate limit, as the IETF `RateLimit` header fields describe it. */
export interface RateLimitOptions {
  /** Requests allowed per window (a positive integer). @default 10 */
  limit: number;
  /** Window length in whole seconds (headers count in seconds). @default 1 */
  windowSec: number;
}

/** One answer of a counted API route, in the order answered (see {@link NomosEmulator.answers}). */
export interface AnsweredRequest {
  route: FaultRoute;
  status: number;
  /** The request's own `X-Request-Id`, when it sent one (a client's retries share it). */
  clientRequestId?: string;
  /** `performance.now()` when the request arrived. */
  arrivedAt: number;
  /** `performance.now()` when the answer was written. */
  answeredAt: number;
  /** `Retry-After` sent, in seconds. */
  retryAfterSec?: number;
}

/**
 * How `GET /customers` applies `filter[email][…]`: `'case-insensitive'` (JavaScript `toLowerCase` on
 * both sides, which already folds e.g. KELVIN SIGN to `k`), `'unicode-fold'` (NFKC, then lower-case: a
 * looser collation a real database may use), or `'ignored'` (the whole list, as the API answers for
 * filters it does not know). For testing that the client makes its own comparison.
 */
export type EmailFilterMode = 'case-insensitive' | 'unicode-fold' | 'ignored';

/**
 * The API routes whose requests are counted and can be faulted. `customers` covers `/customers` and
 * `/customers/{id}`.
 */
export type FaultRoute = 'token' | 'mint' | 'customers';

/**
 * A fault answered instead of the real response. `body` defaults to the error envelope for `status`;
 * a string body is sent as `text/plain` (e.g. a proxy's error page), anything else as JSON.
 * `{ hang: true }` reads the request and never answers (until {@link NomosEmulator.stop}).
 */
export type EmulatorFault = { status: number; retryAfter?: number; body?: unknown } | { hang: true };

/** Requests seen by the emulator per route, faulted ones included. */
export interface EmulatorCounters {
  /** Every request to `POST /oauth/token`. */
  tokenRequests: number;
  /** Token requests by their `grant_type` (`(none)` when absent). */
  tokenByGrant: Record<string, number>;
  /** Every request to `POST /admin/magic_link`. */
  mintRequests: number;
  /** Mint requests by the HTTP status answered (hanging requests are not in here). */
  mintByStatus: Record<number, number>;
  /** Every request to `GET /customers` and `GET /customers/{id}`. */
  customerRequests: number;
  /** Requests of any route answered 429 by the rate limit (injected 429 faults are not in here). */
  rateLimited: number;
}

/** One link minted by `POST /admin/magic_link`. Contains the credential: tests only, never log it. */
export interface IssuedLink {
  customerId: string;
  tokenHash: string;
  link: string;
  /** `Date.now()` when minted. */
  issuedAt: number;
  /** `Date.now()` when the portal accepted it; absent while unused. */
  usedAt?: number;
}

/** A subscription the emulator answers on `GET /subscriptions/{id}` (address, meter etc. are filled in). */
export interface EmulatorSubscription {
  /** `sub_…` */
  id: string;
  /** A customer the emulator knows. */
  customerId: string;
  /** @default 'pending' */
  status?: 'pending' | 'active' | 'ended';
  /** @default null */
  metadata?: Record<string, string> | null;
  /** @default 'pln_emulator' */
  plan?: string;
  /** ISO 8601. */
  created_at: string;
}

/** A lead the emulator answers on `GET /leads/{id}`. */
export interface EmulatorLead {
  /** `lead_…` */
  id: string;
  /** The subscription it became. @default null */
  subscription?: string | null;
  /** @default null */
  metadata?: Record<string, string> | null;
  /** ISO 8601. */
  created_at: string;
}
