/**
 * Longest `Retry-After` we are willing to sleep for, in milliseconds. A user is waiting on the other
 * end of most calls; when Nomos asks for more, the call fails at once and the caller sees
 * `retryAfterMs` on the error instead.
 */
export const RETRY_AFTER_CAP_MS = 30_000;

/** Everything `decideRetry` looks at; plain data so the policy stays a pure function. */
export interface RetryInput {
  /** Retries already made for this call (0 after the first attempt failed). */
  retriesSoFar: number;
  /** `maxRetries` from the options. */
  maxRetries: number;
  /** `retryBaseDelayMs` from the options. */
  baseDelayMs: number;
  /** `retryMaxDelayMs` from the options. */
  maxDelayMs: number;
  /** Whether the failure is one worth retrying (429, 5xx, network error, timeout). */
  retryable: boolean;
  /** `Retry-After` of the failed response, in milliseconds, when there was one. */
  retryAfterMs?: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. @default Math.random */
  random?: () => number;
}

/** Whether to try again, and after how many milliseconds. */
export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

/**
 * The one place that decides about retries: only retryable failures, at most `maxRetries` times,
 * after `backoffDelay` or — when Nomos sent `Retry-After` — at least that long (up to
 * `RETRY_AFTER_CAP_MS`; a longer ask means no retry).
 */
export function decideRetry(input: RetryInput): RetryDecision {
  if (!input.retryable || input.retriesSoFar >= input.maxRetries) return { retry: false, delayMs: 0 };
  const backoff = backoffDelay(input.retriesSoFar, input.baseDelayMs, input.maxDelayMs, input.random);
  if (input.retryAfterMs === undefined) return { retry: true, delayMs: backoff };
  if (input.retryAfterMs > RETRY_AFTER_CAP_MS) return { retry: false, delayMs: 0 };
  return { retry: true, delayMs: Math.max(backoff, Math.ceil(input.retryAfterMs)) };
}

/**
 * Exponential backoff `min(base·2^n, max)` with equal jitter: half of it fixed, half random. Equal
 * rather than full jitter so a retry never fires immediately into a server that just failed, while
 * many clients still spread out.
 * @param retry 0 for the first retry
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(baseDelayMs * 2 ** Math.min(retry, 30), maxDelayMs);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

/**
 * Reads `Retry-After`, either delta-seconds (`"1"`, `"1.5"`) or an HTTP date, as milliseconds from
 * `nowMs` (never negative). Returns `undefined` for anything unreadable.
 */
export function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Only accept date-looking values: Date.parse is lenient enough to read "12" as a year.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
