import type { ThrottlerStorage } from '@nestjs/throttler';
import type { PersonLimitRecord } from './person-limit.memory-storage.js';

/**
 * What the Redis store needs of the host's client: ioredis' `eval` (a `Redis` or `Cluster` fits as
 * is). The package does not depend on ioredis; the host creates, configures and closes the client.
 */
export interface PersonLimitRedisClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

// One script, so a hit is counted and judged atomically whatever the number of replicas. KEYS[1]
// counts the window (expiring with it), KEYS[2] marks the block. Returns hits, ms left in the
// window, ms left of the block (0: not blocked).
const SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or ARGV[2])
  return {hits, math.max(redis.call('PTTL', KEYS[1]), 0), blockLeft}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0}
`;

/**
 * Counts in Redis, so every replica using the same Redis shares one limit; semantics as
 * {@link InMemoryPersonLimitStorage}, with Redis' own clock and expiry (no sweeping needed). Both keys
 * of a person share a hash tag, so the script also runs on Redis Cluster.
 */
export class RedisPersonLimitStorage implements ThrottlerStorage {
  constructor(
    private readonly client: PersonLimitRedisClient,
    /** Prefix of every key this store writes. */
    private readonly prefix = 'nomos:person-limit:',
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<PersonLimitRecord> {
    const counter = `${this.prefix}{${key}}`;
    const answer = await this.client.eval(SCRIPT, 2, counter, `${counter}:blocked`, ttl, limit, blockDuration);
    const [hits, windowLeft, blockLeft] = (answer as unknown[]).map(Number);
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeft / 1000),
      isBlocked: blockLeft > 0,
      timeToBlockExpire: blockLeft > 0 ? Math.ceil(blockLeft / 1000) : 0,
    };
  }
}
