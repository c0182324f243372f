import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * URL of the test Redis.
 * @default 'redis://127.0.0.1:6379' (env `NOMOS_TEST_REDIS_URL` overrides)
 */
export const REDIS_URL = process.env.NOMOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client that fails at once instead of queueing commands while disconnected. */
export function redisClient(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
}

async function redisUnavailableReason(): Promise<string | undefined> {
  const client = redisClient();
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    // The error's class, not its message: the message may quote the URL, which may carry a password.
    return `Redis unreachable at the configured URL (${(error as Error).name})`;
  } finally {
    client.disconnect();
  }
}

/** Why the Redis leg is skipped, or `undefined` when Redis answers. */
export const REDIS_SKIP_REASON = await redisUnavailableReason();

/** A key prefix no other run uses; delete `<prefix>*` afterwards. */
export function redisTestKey(): string {
  return `nomos-test:${randomBytes(6).toString('hex')}`;
}
