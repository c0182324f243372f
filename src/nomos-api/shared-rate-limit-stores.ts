import type { PacingPolicy, RateLimitStore, RedisEvalClient, Reservation, SqlQuery } from './rate-limit-store.js';

/** Table of the PostgreSQL store: rate state only, so unlogged (lost in a crash, which costs nothing). */
export const RATE_LIMIT_TABLE = 'nomos_rate_limits';

const CREATE = `CREATE UNLOGGED TABLE IF NOT EXISTS "${RATE_LIMIT_TABLE}" (
  "key" varchar(128) PRIMARY KEY, "slots" float8[] NOT NULL DEFAULT '{}', "hold_until" float8 NOT NULL DEFAULT 0)`;
const ENSURE_ROW = `INSERT INTO "${RATE_LIMIT_TABLE}" ("key") VALUES ($1) ON CONFLICT DO NOTHING`;
const NOW_MS = `(extract(epoch FROM clock_timestamp())::float8 * 1000)`;

// One statement: lock the row, read the clock after the lock (so a waiter never uses a stale "now"),
// compute the slot as nextSlot() does, take it only when the wait is within $6.
const RESERVE = `WITH cur AS (
  SELECT "slots", "hold_until" FROM "${RATE_LIMIT_TABLE}" WHERE "key" = $1 FOR UPDATE
), clocked AS (
  SELECT "slots", "hold_until", cardinality("slots") AS n, ${NOW_MS} AS now FROM cur
), calc AS (
  SELECT "slots", n, now, GREATEST(now, "hold_until", COALESCE("slots"[n], now),
    CASE WHEN n >= $2::int THEN "slots"[n - $2::int + 1] + $3::float8 ELSE now END,
    CASE WHEN n >= $4::int THEN "slots"[n - $4::int + 1] + $5::float8 ELSE now END) AS next
  FROM clocked
), upd AS (
  UPDATE "${RATE_LIMIT_TABLE}" r
  SET "slots" = (calc."slots" || calc.next)[GREATEST(1, calc.n + 2 - $2::int) : calc.n + 1]
  FROM calc WHERE r."key" = $1 AND calc.next - calc.now <= $6::float8
  RETURNING 1
)
SELECT calc.next - calc.now AS wait, calc.now AS now, (SELECT count(*) FROM upd)::int AS granted FROM calc`;

const HOLD_OFF = `UPDATE "${RATE_LIMIT_TABLE}" SET "hold_until" = GREATEST("hold_until", ${NOW_MS} + $2::float8)
  WHERE "key" = $1`;

/**
 * The limiter's state in a PostgreSQL row shared by every replica on the database, reserved with one
 * atomic statement on the database's clock (replica clocks may differ; the database's is one).
 * Creates its unlogged table on first use (`CREATE … IF NOT EXISTS`).
 */
export class PostgresRateLimitStore implements RateLimitStore {
  private ready?: Promise<void>;
  private readonly rows = new Set<string>();

  /** @param query runs one parameterised statement and resolves to its rows (`DataSource.query` fits) */
  constructor(private readonly query: SqlQuery) {}

  async reserve(policy: PacingPolicy, maxWaitMs: number): Promise<Reservation> {
    await this.ensure(policy.key);
    const params = [policy.key, policy.limit, policy.windowMs, policy.burst, policy.burstWindowMs, maxWaitMs];
    let rows = (await this.query(RESERVE, params)) as Array<{ wait: number; now: number; granted: number }>;
    if (rows.length === 0) {
      // The row went away (a host truncated the table): put it back once.
      this.rows.delete(policy.key);
      await this.ensure(policy.key);
      rows = (await this.query(RESERVE, params)) as typeof rows;
    }
    const [row] = rows;
    if (row === undefined) throw new Error(`${RATE_LIMIT_TABLE} has no row for the limit`);
    const [waitMs, now] = [Math.max(0, Number(row.wait)), Number(row.now)];
    return Number(row.granted) === 1 ? { granted: true, waitMs, now } : { granted: false, retryAfterMs: waitMs, now };
  }

  async holdOff(key: string, delayMs: number): Promise<void> {
    await this.ensure(key);
    await this.query(HOLD_OFF, [key, delayMs]);
  }

  private async ensure(key: string): Promise<void> {
    this.ready ??= this.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    if (this.rows.has(key)) return;
    await this.query(ENSURE_ROW, [key]);
    this.rows.add(key);
  }

  private async createTable(): Promise<void> {
    try {
      await this.query(CREATE, []);
    } catch (error) {
      // Two replicas creating it at once: one loses the race on the catalog (unique_violation).
      if ((error as { code?: unknown }).code !== '23505') throw error;
    }
  }
}

// KEYS[1] slots (a list, oldest first), KEYS[2] hold-off; both in one hash slot for Redis Cluster.
// ARGV: limit, windowMs, burst, burstWindowMs, maxWaitMs. Numbers go back as strings (Lua numbers
// would be truncated to integers).
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit, window, burst, burstWindow, maxWait =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local n = redis.call('LLEN', KEYS[1])
local nxt = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
if n > 0 then nxt = math.max(nxt, tonumber(redis.call('LINDEX', KEYS[1], n - 1))) end
if n >= limit then nxt = math.max(nxt, tonumber(redis.call('LINDEX', KEYS[1], n - limit)) + window) end
if n >= burst then nxt = math.max(nxt, tonumber(redis.call('LINDEX', KEYS[1], n - burst)) + burstWindow) end
local wait = nxt - now
if wait > maxWait then return {0, tostring(wait), tostring(now)} end
redis.call('RPUSH', KEYS[1], tostring(nxt))
redis.call('LTRIM', KEYS[1], -limit, -1)
redis.call('PEXPIRE', KEYS[1], math.ceil(wait + window + burstWindow))
return {1, tostring(wait), tostring(now)}`;

const HOLD_OFF_LUA = `
local t = redis.call('TIME')
local until_ms = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 + tonumber(ARGV[1])
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > old then redis.call('SET', KEYS[1], tostring(until_ms), 'PX', math.ceil(tonumber(ARGV[1])) + 1000) end
return 1`;

/** The limiter's state in Redis, reserved by one Lua script (atomic) on Redis's clock. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: RedisEvalClient) {}

  async reserve(policy: PacingPolicy, maxWaitMs: number): Promise<Reservation> {
    const { limit, windowMs, burst, burstWindowMs } = policy;
    const reply = (await this.redis.eval(
      RESERVE_LUA,
      2,
      ...keysOf(policy.key),
      limit,
      windowMs,
      burst,
      burstWindowMs,
      maxWaitMs,
    )) as [number, string, string];
    const [waitMs, now] = [Math.max(0, Number(reply[1])), Number(reply[2])];
    return Number(reply[0]) === 1 ? { granted: true, waitMs, now } : { granted: false, retryAfterMs: waitMs, now };
  }

  async holdOff(key: string, delayMs: number): Promise<void> {
    await this.redis.eval(HOLD_OFF_LUA, 1, keysOf(key)[1], delayMs);
  }
}

function keysOf(key: string): [string, string] {
  return [`{${key}}:slots`, `{${key}}:hold`];
}
