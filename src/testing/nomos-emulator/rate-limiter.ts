import type { RateLimitOptions } from './emulator.types.js';

/** The vendor's documented default: "10 requests per second per API client" (shared/nomos/README.md). */
export const DOCUMENTED_RATE_LIMIT = { limit: 10, windowSec: 1 } as const;

/**
 * A limit no test suite reaches, for suites about something else that send more than the documented
 * 10/s (each says why where it uses it). Strict mode and the `ratelimit-*` headers stay on; what the
 * product does at the documented limit is asserted in test/concurrency/rate-limit.e2e-spec.ts.
 */
export const RATE_LIMIT_ABOVE_TEST_LOAD = { limit: 100_000, windowSec: 1 } as const;

/** What the limiter decided for one request: the headers to send, and whether to refuse it. */
export interface RateLimitVerdict {
  allowed: boolean;
  /** `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` (delta seconds), plus `Retry-After` when refused. */
  headers: Record<string, string>;
  /** Seconds the client must wait, when refused. */
  retryAfterSec?: number;
}

/**
 * A fixed window of `windowSec` seconds starting at the first request after the previous window
 * ended, `limit` requests each. The vendor documents the IETF headers and `Retry-After` on 429, not
 * the algorithm; a fixed window is the simplest one those headers describe exactly.
 * @param now monotonic clock in milliseconds, injectable so specs need not wait. @default performance.now
 */
export class RateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new Error(`NomosEmulator rateLimit.limit must be a positive integer, got ${String(options.limit)}`);
    }
    if (!Number.isInteger(options.windowSec) || options.windowSec < 1) {
      throw new Error(`NomosEmulator rateLimit.windowSec must be a positive integer, got ${String(options.windowSec)}`);
    }
  }

  /** Counts one request and decides about it. */
  take(): RateLimitVerdict {
    const now = this.now();
    const windowMs = this.options.windowSec * 1000;
    if (now >= this.windowStart + windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    // Whole seconds, never 0 while the window is open: a client told "0" would retry at once.
    // Rounded to whole milliseconds first: float noise must not turn exactly 1 s left into "2".
    const leftMs = Math.round(windowMs - (now - this.windowStart));
    const resetSec = Math.max(1, Math.ceil(leftMs / 1000));
    const allowed = this.used < this.options.limit;
    if (allowed) this.used++;
    const headers: Record<string, string> = {
      'ratelimit-limit': String(this.options.limit),
      'ratelimit-remaining': String(this.options.limit - this.used),
      'ratelimit-reset': String(resetSec),
    };
    if (allowed) return { allowed, headers };
    return { allowed, headers: { ...headers, 'Retry-After': String(resetSec) }, retryAfterSec: resetSec };
  }
}
