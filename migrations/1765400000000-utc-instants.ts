import type { MigrationInterface, QueryRunner } from 'typeorm';
import { forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose (see 1764000000000). Every date column becomes epoch milliseconds in a `bigint`:
 * node-postgres reads and writes `timestamp` in the process's own time zone, so replicas with
 * different `TZ` disagreed, and TypeORM has no `timestamptz` that SQLite accepts. Existing values are
 * converted as what they are: SQLite's `datetime` text is UTC (TypeORM writes it so), and a
 * PostgreSQL `timestamp` is read as UTC wall time — right for the usual replicas running in UTC; rows
 * written by a process in another zone are off by that zone's offset, as they already were.
 */

/** Each table and its date columns. */
const DATE_COLUMNS: Record<string, string[]> = {
  nomos_customer_links: ['created_at', 'updated_at', 'suspended_at'],
  nomos_customer_link_events: ['created_at'],
  nomos_magic_link_audit: ['created_at', 'completed_at', 'authn_instant'],
  nomos_scim_users: ['created_at', 'updated_at'],
  nomos_webhook_events: ['received_at', 'processed_at'],
};

const postgres = (toMillis: boolean) =>
  Object.entries(DATE_COLUMNS).flatMap(([table, columns]) =>
    columns.map((column) =>
      toMillis
        ? `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE bigint ` +
          `USING (EXTRACT(EPOCH FROM "${column}") * 1000)::bigint`
        : `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE TIMESTAMP ` +
          `USING (to_timestamp("${column}" / 1000.0) AT TIME ZONE 'UTC')`,
    ),
  );

// julianday() of the UTC text, in milliseconds since 1970 (2440587.5 is the epoch's Julian day).
const sqliteToMillis = (column: string) => `CAST(ROUND((julianday("${column}") - 2440587.5) * 86400000) AS INTEGER)`;
const sqliteToText = (column: string) => `strftime('%Y-%m-%d %H:%M:%f', "${column}" / 1000.0, 'unixepoch')`;

/**
 * SQLite cannot change a column's type: each table is rebuilt from its own definition with the date
 * columns' type swapped, its rows copied through the conversion, its indexes made again.
 */
async function rebuildSqlite(queryRunner: QueryRunner, table: string, columns: string[], toMillis: boolean) {
  const [{ sql }] = await queryRunner.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
  const indexes: Array<{ sql: string }> = await queryRunner.query(
    `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
    [table],
  );
  const names: Array<{ name: string }> = await queryRunner.query(`PRAGMA table_info("${table}")`);
  const [from, to] = toMillis ? ['datetime', 'bigint'] : ['bigint', 'datetime'];
  let definition = (sql as string).replace(`CREATE TABLE "${table}"`, `CREATE TABLE "temporary_${table}"`);
  for (const column of columns) definition = definition.replace(`"${column}" ${from}`, `"${column}" ${to}`);
  const list = names.map(({ name }) => `"${name}"`).join(', ');
  const values = names
    .map(({ name }) => (columns.includes(name) ? (toMillis ? sqliteToMillis(name) : sqliteToText(name)) : `"${name}"`))
    .join(', ');
  await queryRunner.query(definition);
  await queryRunner.query(`INSERT INTO "temporary_${table}" (${list}) SELECT ${values} FROM "${table}"`);
  await queryRunner.query(`DROP TABLE "${table}"`);
  await queryRunner.query(`ALTER TABLE "temporary_${table}" RENAME TO "${table}"`);
  for (const index of indexes) await queryRunner.query(index.sql);
}

async function convert(queryRunner: QueryRunner, toMillis: boolean): Promise<void> {
  const engine = forDialect(queryRunner, { postgres: 'postgres', sqlite: 'sqlite' } as const);
  if (engine === 'postgres') {
    for (const sql of postgres(toMillis)) await queryRunner.query(sql);
    return;
  }
  for (const [table, columns] of Object.entries(DATE_COLUMNS)) {
    await rebuildSqlite(queryRunner, table, columns, toMillis);
  }
}

/** Stores every date of the package's tables as epoch milliseconds (`bigint`), the same instant in every time zone. */
export class UtcInstants1765400000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'UtcInstants1765400000000';

  /** Converts each date column, keeping every row. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await convert(queryRunner, true);
  }

  /** Back to `timestamp` / `datetime`, as UTC. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await convert(queryRunner, false);
  }
}
