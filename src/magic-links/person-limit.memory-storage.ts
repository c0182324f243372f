import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What every person-limit store answers: `@nestjs/throttler`'s record (times in whole seconds). */
export interface PersonLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The answer of a fixed window in the shape `@nestjs/throttler` uses, from epoch milliseconds.
 * Shared by the stores so that each keeps only its own atomic update.
 */
export function recordOf(hits: number, windowEndsAt: number, blockedUntil: number, now: number): PersonLimitRecord {
  const isBlocked = blockedUntil > now;
  return {
    totalHits: hits,
    timeToExpire: Math.max(0, Math.ceil((windowEndsAt - now) / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.ceil((blockedUntil - now) / 1000) : 0,
  };
}

interface Bucket {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/**
 * The default store: fixed windows in this process's memory, so each replica counts alone. The
 * semantics every store here shares (those of `@nestjs/throttler`'s own storage): a window opens at
 * the first hit; the hit past `limit` blocks the key for `blockDuration`, during which hits are not
 * counted; then it starts afresh. Expired buckets are swept every minute, so memory follows the
 * people of the last window, not everyone ever seen.
 */
export class InMemoryPersonLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper = setInterval(() => this.sweep(Date.now()), 60_000).unref();

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<PersonLimitRecord> {
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket || (bucket.windowEndsAt <= now && bucket.blockedUntil <= now)) {
      bucket = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.buckets.set(key, bucket);
    }
    if (bucket.blockedUntil <= now) {
      bucket.hits += 1;
      if (bucket.hits > limit) bucket.blockedUntil = now + blockDuration;
    }
    return recordOf(bucket.hits, bucket.windowEndsAt, bucket.blockedUntil, now);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.windowEndsAt <= now && bucket.blockedUntil <= now) this.buckets.delete(key);
  }
}
