import type { Redis } from 'ioredis';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { DatabasePersonLimitStorage } from '../../src/magic-links/person-limit.database-storage.js';
import { InMemoryPersonLimitStorage } from '../../src/magic-links/person-limit.memory-storage.js';
import type { PersonLimitRecord } from '../../src/magic-links/person-limit.memory-storage.js';
import { RedisPersonLimitStorage } from '../../src/magic-links/person-limit.redis-storage.js';
import type { TestDataSource } from '../support/databases.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import { describeWithRedis, dropPrefix, redisClient, redisPrefix } from './redis.js';
import { DataSource } from 'typeorm';

type Store = { increment(k: string, ttl: number, limit: number, block: number, n: string): Promise<PersonLimitRecord> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keyNo = 0;
const freshKey = () => `${'k'.repeat(56)}${String(++keyNo).padStart(8, '0')}`;

/**
 * The contract every store keeps (that of @nestjs/throttler's storage), run against each: `replicas`
 * are two stores over the same backing data, as two app processes would have them.
 */
function storeContract(replicas: () => [Store, Store]) {
  const hit = (store: Store, key: string, limit = 3, ttl = 60_000, block = 60_000) =>
    store.increment(key, ttl, limit, block, 'nomos-person');

  it('counts up to the limit, then blocks for the block duration without counting', async () => {
    const [store] = replicas();
    const key = freshKey();
    const records = [];
    for (let i = 0; i < 5; i++) records.push(await hit(store, key));
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, true, true]);
    expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 4]);
    expect(records[0].timeToExpire).toBeGreaterThan(55);
    expect(records[0].timeToExpire).toBeLessThanOrEqual(60);
    expect(records[4].timeToBlockExpire).toBeGreaterThan(55);
    expect(records[4].timeToBlockExpire).toBeLessThanOrEqual(60);
    expect(records[0].timeToBlockExpire).toBe(0);
  });

  it('keeps people apart', async () => {
    const [store] = replicas();
    const [a, b] = [freshKey(), freshKey()];
    await hit(store, a, 1);
    expect((await hit(store, a, 1)).isBlocked).toBe(true);
    expect((await hit(store, b, 1)).isBlocked).toBe(false);
  });

  it('starts afresh once the window and the block are over', async () => {
    const [store] = replicas();
    const key = freshKey();
    await hit(store, key, 1, 1000, 1000);
    expect((await hit(store, key, 1, 1000, 1000)).isBlocked).toBe(true);
    await sleep(1100);
    expect(await hit(store, key, 1, 1000, 1000)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('keeps blocking past the end of the window while the block lasts, then starts afresh', async () => {
    const [store] = replicas();
    const key = freshKey();
    await hit(store, key, 1, 300, 2000);
    expect((await hit(store, key, 1, 300, 2000)).isBlocked).toBe(true);
    await sleep(600);
    expect((await hit(store, key, 1, 300, 2000)).isBlocked).toBe(true);
    await sleep(1600);
    expect(await hit(store, key, 1, 300, 2000)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('starts counting afresh when a window ends under the limit', async () => {
    const [store] = replicas();
    const key = freshKey();
    await hit(store, key, 3, 300);
    await hit(store, key, 3, 300);
    await sleep(400);
    expect(await hit(store, key, 3, 300)).toMatchObject({ isBlocked: false, totalHits: 1 });
    expect(await hit(store, key, 3, 300)).toMatchObject({ isBlocked: false, totalHits: 2 });
  });

  it('shares one count between replicas, exactly, under concurrent hits', async () => {
    const [one, two] = replicas();
    const key = freshKey();
    const records = await Promise.all(Array.from({ length: 40 }, (_, i) => hit(i % 2 ? one : two, key, 10)));
    expect(records.filter((r) => !r.isBlocked)).toHaveLength(10);
    expect(records.filter((r) => r.isBlocked)).toHaveLength(30);
    expect((await hit(one, key, 10)).isBlocked).toBe(true);
  });
}

describe('InMemoryPersonLimitStorage', () => {
  const store = new InMemoryPersonLimitStorage();
  afterAll(() => store.onApplicationShutdown());
  // One process: both "replicas" are the same store (memory is not shared between processes).
  storeContract(() => [store, store]);
});

describeEachDb('DatabasePersonLimitStorage', (kind) => {
  let t: TestDataSource;
  let second: DataSource;
  beforeAll(async () => {
    t = await openTestDataSource(kind, { migrations: nomosPortalMigrations });
    // A second connection pool on the same database: another replica.
    second = new DataSource({ ...t.dataSource.options, migrations: [] });
    await second.initialize();
  });
  afterAll(async () => {
    await second?.destroy();
    await t?.close();
  });
  storeContract(() => [new DatabasePersonLimitStorage(t.dataSource), new DatabasePersonLimitStorage(second)]);

  it('keeps one row per person key, holding only the hashed key and numbers', async () => {
    const store = new DatabasePersonLimitStorage(t.dataSource);
    const key = freshKey();
    await store.increment(key, 60_000, 3, 60_000);
    await store.increment(key, 60_000, 3, 60_000);
    const rows = await t.dataSource.query(`SELECT * FROM "nomos_person_limits" WHERE "bucket" = '${key}'`);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(['blocked_until', 'bucket', 'hits', 'window_ends_at']);
    expect(Number(rows[0].hits)).toBe(2);
  });

  it('deletes, when it sweeps, the rows whose window and block are over, and only those', async () => {
    const store = new DatabasePersonLimitStorage(t.dataSource);
    const [over, blocked, live] = [freshKey(), freshKey(), freshKey()];
    await store.increment(over, 200, 3, 200);
    await store.increment(blocked, 200, 1, 60_000);
    await store.increment(blocked, 200, 1, 60_000);
    await sleep(250);
    // The first sweep is due a minute after start-up; bring it forward.
    (store as unknown as { nextSweep: number }).nextSweep = 0;
    await store.increment(live, 60_000, 3, 60_000);
    const rows: Array<{ bucket: string }> = await t.dataSource.query(
      `SELECT "bucket" FROM "nomos_person_limits" WHERE "bucket" IN ('${over}', '${blocked}', '${live}')`,
    );
    expect(rows.map((r) => r.bucket).sort()).toEqual([blocked, live].sort());
    expect((store as unknown as { nextSweep: number }).nextSweep).toBeGreaterThan(Date.now() + 55_000);
  });
});

describeWithRedis('RedisPersonLimitStorage', () => {
  let clients: Redis[];
  const prefix = redisPrefix();
  beforeAll(async () => {
    clients = [redisClient(), redisClient()];
    await Promise.all(clients.map((c) => c.connect()));
  });
  afterAll(async () => {
    await dropPrefix(clients[0], prefix);
    for (const client of clients) client.disconnect();
  });
  storeContract(() => [
    new RedisPersonLimitStorage(clients[0], prefix),
    new RedisPersonLimitStorage(clients[1], prefix),
  ]);

  it('lets both keys of a person expire with their window and block', async () => {
    const store = new RedisPersonLimitStorage(clients[0], prefix);
    const key = freshKey();
    await store.increment(key, 60_000, 1, 30_000);
    await store.increment(key, 60_000, 1, 30_000);
    const counter = `${prefix}{${key}}`;
    expect(await clients[0].pttl(counter)).toBeGreaterThan(50_000);
    expect(await clients[0].pttl(`${counter}:blocked`)).toBeGreaterThan(20_000);
    expect(await clients[0].pttl(`${counter}:blocked`)).toBeLessThanOrEqual(30_000);
  });
});
