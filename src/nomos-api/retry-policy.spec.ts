import { RETRY_AFTER_CAP_MS, backoffDelay, decideRetry, parseRetryAfter, type RetryInput } from './retry-policy.js';

const base: RetryInput = { retriesSoFar: 0, maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, retryable: true };

describe('decideRetry', () => {
  it('retries retryable failures until maxRetries is used up', () => {
    expect(decideRetry({ ...base, retriesSoFar: 0 }).retry).toBe(true);
    expect(decideRetry({ ...base, retriesSoFar: 1 }).retry).toBe(true);
    expect(decideRetry({ ...base, retriesSoFar: 2 })).toEqual({ retry: false, delayMs: 0 });
    expect(decideRetry({ ...base, maxRetries: 0 }).retry).toBe(false);
  });

  it('never retries a non-retryable failure (other 4xx)', () => {
    expect(decideRetry({ ...base, retryable: false })).toEqual({ retry: false, delayMs: 0 });
  });

  it('waits at least Retry-After, even beyond maxDelayMs', () => {
    expect(decideRetry({ ...base, retryAfterMs: 1000, random: () => 0 })).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry({ ...base, retryAfterMs: 7000, random: () => 0 }).delayMs).toBe(7000);
    // The backoff wins when it is longer than Retry-After.
    expect(decideRetry({ ...base, retriesSoFar: 1, retryAfterMs: 0, random: () => 0.999 }).delayMs).toBe(200);
  });

  it('gives up at once when Retry-After is beyond the cap', () => {
    expect(decideRetry({ ...base, retryAfterMs: RETRY_AFTER_CAP_MS })).toEqual({
      retry: true,
      delayMs: RETRY_AFTER_CAP_MS,
    });
    expect(decideRetry({ ...base, retryAfterMs: RETRY_AFTER_CAP_MS + 1 })).toEqual({ retry: false, delayMs: 0 });
  });

  it('uses backoff when there is no Retry-After', () => {
    expect(decideRetry({ ...base, retriesSoFar: 1, random: () => 0 }).delayMs).toBe(100);
  });
});

describe('backoffDelay', () => {
  it('doubles per retry with equal jitter: between half and all of min(base·2^n, max)', () => {
    expect(backoffDelay(0, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 1000, () => 0.999999)).toBe(100);
    expect(backoffDelay(2, 100, 1000, () => 0)).toBe(200);
    expect(backoffDelay(2, 100, 1000, () => 0.5)).toBe(300);
    expect(backoffDelay(10, 100, 1000, () => 0)).toBe(500);
    expect(backoffDelay(10, 100, 1000, () => 0.999999)).toBe(1000);
    expect(backoffDelay(5000, 100, 1000, () => 0)).toBe(500);
  });

  it('stays within bounds with real randomness', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, 100, 10_000);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
