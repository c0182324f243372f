import pg from 'pg';
import { PostgresRateLimitStore, RedisRateLimitStore } from '../../src/nomos-api/shared-rate-limit-stores.js';
import type { PacingPolicy, RateLimitStore } from '../../src/nomos-api/rate-limit-store.js';
import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { REDIS_SKIP_REASON, redisClient, redisTestKey } from './redis.js';
import type { Redis } from 'ioredis';

// What three replicas see when they share one store: 10/s with the default 50 ms margin.
const POLICY: Omit<PacingPolicy, 'key'> = { limit: 10, windowMs: 1050, burst: 10, burstWindowMs: 1050 };

/** The same contract, whichever store holds the state; `stores` are three "replicas" on one state. */
function sharedStoreContract(stores: () => RateLimitStore[], key: () => string): void {
  it('30 concurrent reservations from three replicas: 10 now, 10 a window later, 10 refused', async () => {
    const policy = { ...POLICY, key: `${key()}:burst` };
    const all = stores();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => all[i % 3].reserve(policy, 1500)));
    const waits = results.flatMap((r) => (r.granted ? [r.waitMs] : []));
    const refused = results.flatMap((r) => (r.granted ? [] : [r.retryAfterMs]));
    expect(waits.filter((w) => w < 500)).toHaveLength(10);
    expect(waits.filter((w) => w >= 500)).toHaveLength(10);
    for (const w of waits.filter((w) => w >= 500)) expect(w).toBeLessThanOrEqual(1050);
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r).toBeGreaterThan(1500);
  });

  it("one replica's hold-off delays the others' next slot", async () => {
    const policy = { ...POLICY, key: `${key()}:hold` };
    const [a, b] = stores();
    await a.holdOff(policy.key, 800);
    // Refused within the hold-off, and a refusal takes no slot: b's wait is the hold-off alone.
    expect(await a.reserve(policy, 0)).toMatchObject({ granted: false });
    const reservation = await b.reserve(policy, 2000);
    expect(reservation.granted).toBe(true);
    expect(reservation.granted && reservation.waitMs).toBeGreaterThan(600);
    expect(reservation.granted && reservation.waitMs).toBeLessThanOrEqual(800);
  });
}

const pgDescribe = DB_KINDS.includes('postgres') ? describe : describe.skip;
pgDescribe(`PostgresRateLimitStore${DB_KINDS.includes('postgres') ? '' : ' (skipped: PostgreSQL unavailable)'}`, () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  let stores: PostgresRateLimitStore[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const url = (db.options as { url: string }).url;
    for (let i = 0; i < 3; i++) {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      // An idle client cut by the server (a restart elsewhere on the machine) must not crash the run;
      // a query on it still fails the test.
      pool.on('error', () => undefined);
      pools.push(pool);
    }
    // Fresh stores on a fresh database: all three race to create the table on their first call.
    stores = pools.map(
      (pool) => new PostgresRateLimitStore(async (sql, params) => (await pool.query(sql, params)).rows),
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await db?.drop();
  });

  sharedStoreContract(
    () => stores,
    () => 'pg',
  );

  it('keeps its state in one unlogged row per key', async () => {
    const rows = await pools[0].query(
      'SELECT c.relpersistence, count(r.*)::int AS n FROM pg_class c, nomos_rate_limits r ' +
        "WHERE c.relname = 'nomos_rate_limits' GROUP BY 1",
    );
    expect(rows.rows).toEqual([{ relpersistence: 'u', n: 2 }]);
  });
});

const redisDescribe = REDIS_SKIP_REASON === undefined ? describe : describe.skip;
redisDescribe(`RedisRateLimitStore${REDIS_SKIP_REASON === undefined ? '' : ` (skipped: ${REDIS_SKIP_REASON})`}`, () => {
  const clients: Redis[] = [];
  const prefix = redisTestKey();
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) clients.push(redisClient());
    await Promise.all(clients.map((c) => c.connect()));
  });
  afterAll(async () => {
    const keys = await clients[0].keys(`{${prefix}*`);
    if (keys.length > 0) await clients[0].del(...keys);
    clients.forEach((c) => c.disconnect());
  });

  sharedStoreContract(
    () => clients.map((c) => new RedisRateLimitStore(c)),
    () => prefix,
  );

  it('lets its keys expire once the window is over', async () => {
    const ttl = await clients[0].pttl(`{${prefix}:burst}:slots`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2 * 1050 + 1050);
  });
});
