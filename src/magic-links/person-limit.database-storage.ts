import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import type { PersonLimitRecord } from './person-limit.memory-storage.js';
import { recordOf } from './person-limit.memory-storage.js';

/** The table of `migrations/1765700000000-person-limits.ts`. */
export const PERSON_LIMITS_TABLE = 'nomos_person_limits';

const SWEEP_EVERY_MS = 60_000;

interface Row {
  hits: number | string;
  window_ends_at: number | string;
  blocked_until: number | string;
}

/**
 * Counts in the module's database, so every replica on it shares one limit. One statement per hit,
 * an upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, PostgreSQL ≥ 9.5 and SQLite ≥ 3.35):
 * PostgreSQL locks the row for the update and SQLite has one writer, so two replicas counting the
 * same person at once both see each other's hit. Semantics as {@link InMemoryPersonLimitStorage}.
 * Times are the app's clock (epoch ms): replicas must keep theirs in sync (NTP), as for sessions.
 * Expired rows are deleted at most once a minute, by whichever hit comes after that.
 */
export class DatabasePersonLimitStorage implements ThrottlerStorage {
  private readonly postgres: boolean;
  private nextSweep = Date.now() + SWEEP_EVERY_MS;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = ['postgres', 'aurora-postgres'].includes(dataSource.options.type);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<PersonLimitRecord> {
    const now = Date.now();
    const { sql, params } = this.upsert(key, now, ttl, limit, blockDuration);
    const rows = await this.dataSource.query<Row[]>(sql, params);
    const row = rows[0];
    if (now >= this.nextSweep) await this.sweep(now);
    return recordOf(Number(row.hits), Number(row.window_ends_at), Number(row.blocked_until), now);
  }

  private upsert(key: string, now: number, ttl: number, limit: number, block: number) {
    const params: unknown[] = [];
    // The same statement on both engines: only the placeholders differ (`$n::type` vs `?`).
    const p = (value: unknown, pgType: 'bigint' | 'integer' | 'varchar' = 'bigint') => {
      params.push(value);
      return this.postgres ? `$${params.length}::${pgType}` : '?';
    };
    const t = `"${PERSON_LIMITS_TABLE}"`;
    const insert =
      `INSERT INTO ${t} ("bucket", "hits", "window_ends_at", "blocked_until") ` +
      `VALUES (${p(key, 'varchar')}, 1, ${p(now + ttl)}, 0) ON CONFLICT ("bucket") DO UPDATE SET `;
    // Each CASE reads the row as it was before this hit (both engines evaluate SET on the old row).
    const expired = () => `(${t}."window_ends_at" <= ${p(now)} AND ${t}."blocked_until" <= ${p(now)})`;
    const blocked = () => `${t}."blocked_until" > ${p(now)}`;
    const hits = `"hits" = CASE WHEN ${expired()} THEN 1 WHEN ${blocked()} THEN ${t}."hits" ELSE ${t}."hits" + 1 END`;
    const windowEnds =
      `"window_ends_at" = CASE WHEN ${expired()} THEN ${p(now + ttl)} ` + `ELSE ${t}."window_ends_at" END`;
    const blockedUntil =
      `"blocked_until" = CASE WHEN ${expired()} THEN 0 WHEN ${blocked()} THEN ${t}."blocked_until" ` +
      `WHEN ${t}."hits" + 1 > ${p(limit, 'integer')} THEN ${p(now + block)} ELSE ${t}."blocked_until" END`;
    const sql = `${insert}${hits}, ${windowEnds}, ${blockedUntil} RETURNING "hits", "window_ends_at", "blocked_until"`;
    return { sql, params };
  }

  private async sweep(now: number): Promise<void> {
    this.nextSweep = now + SWEEP_EVERY_MS;
    const [a, b] = this.postgres ? ['$1::bigint', '$2::bigint'] : ['?', '?'];
    const sql = `DELETE FROM "${PERSON_LIMITS_TABLE}" WHERE "window_ends_at" <= ${a} AND "blocked_until" <= ${b}`;
    // Housekeeping only: a failed sweep is retried a minute later and must not fail the hit.
    await this.dataSource.query(sql, [now, now]).catch(() => undefined);
  }
}
