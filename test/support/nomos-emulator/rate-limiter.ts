import type { RateLimitOptions } from './emulator.types.js';

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
    const resetSec = Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
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
