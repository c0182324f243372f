import { isIPv6 } from 'node:net';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ResolvedSamlOptions } from './saml.options.js';

interface Window {
  totalHits: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * The default rate-limit storage: fixed windows in this process's memory, one replica's count
 * only. Expired windows are swept every minute, so memory follows the clients of the last window.
 * Semantics as `@nestjs/throttler`'s `ThrottlerStorageService`: beyond `limit` hits in a window the
 * key is blocked for `blockDuration`.
 */
export class InMemorySamlRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper = setInterval(() => this.sweep(Date.now()), 60_000).unref();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<{ totalHits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number }> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || (window.expiresAt <= now && window.blockedUntil <= now)) {
      window = { totalHits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    if (window.blockedUntil <= now) {
      window.totalHits += 1;
      if (window.totalHits > limit) window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil > now;
    return {
      totalHits: window.totalHits,
      timeToExpire: Math.ceil((window.expiresAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows)
      if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(key);
  }
}

/** The storage from `saml.rateLimit.storage`, else one in this process's memory. */
export function samlRateLimitStorage(saml: ResolvedSamlOptions): ThrottlerStorage {
  return (saml.rateLimit !== false && saml.rateLimit.storage) || new InMemorySamlRateLimitStorage();
}

/**
 * The bucket a client address counts in: IPv4 as it is, IPv6 by its /64 (one subscriber's whole
 * network; counting single IPv6 addresses would let one host pick a fresh address per request).
 */
export function clientBucketOf(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
