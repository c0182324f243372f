/**
 * Redis for the person-limit suites: `NOMOS_TEST_REDIS_URL` (default redis://127.0.0.1:6379), probed
 * once at import with a 2 s timeout. Each suite writes under its own random key prefix and deletes
 * its keys afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.NOMOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client that fails fast instead of queueing commands while Redis is away. */
export function redisClient(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1 });
}

async function redisUnavailableReason(): Promise<string | undefined> {
  const client = redisClient();
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return `Redis unreachable at 127.0.0.1:6379 (${(error as Error).message || (error as Error).name})`;
  } finally {
    client.disconnect();
  }
}

/** Why the Redis leg is skipped, or `undefined` when Redis answers. */
export const REDIS_SKIP_REASON = await redisUnavailableReason();

/** `describe` when Redis answers, else a skipped block whose title gives the reason. */
export function describeWithRedis(name: string, fn: () => void): void {
  if (REDIS_SKIP_REASON === undefined) describe(name, fn);
  else describe.skip(`${name} (skipped: ${REDIS_SKIP_REASON})`, fn);
}

/** A fresh key prefix for one suite. */
export const redisPrefix = () => `nomos-test:${randomBytes(6).toString('hex')}:`;

/** Deletes every key under `prefix`. */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
