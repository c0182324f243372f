import type { MigrationInterface, QueryRunner } from 'typeorm';
import { forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose, like 1764000000000: no imports from src/. Each column is nullable, so rows
 * written before it get NULL and nothing is rewritten; SQLite can add such a column in place. The
 * SQL is the column and index text TypeORM's schema builder writes for each driver, reviewed by
 * hand; test/migrations checks that it leaves no pending schema diff.
 */

const TABLE = '"nomos_magic_link_audit"';
const INDEX = '"IDX_nomos_magic_link_audit_issuer_user_id_id"';

const POSTGRES_COLUMNS = [
  `"issuer" character varying(1024)`,
  `"user_name" character varying(255)`,
  `"session_index" character varying(255)`,
  // TIMESTAMP like created_at: the entity's `Date`, which TypeORM maps to no other type here.
  `"authn_instant" TIMESTAMP`,
  `"authn_context" character varying(512)`,
];

const SQLITE_COLUMNS = [
  `"issuer" varchar(1024)`,
  `"user_name" varchar(255)`,
  `"session_index" varchar(255)`,
  `"authn_instant" datetime`,
  `"authn_context" varchar(512)`,
];

const COLUMN_NAMES = ['issuer', 'user_name', 'session_index', 'authn_instant', 'authn_context'];

const upStatements = (columns: string[]) => [
  ...columns.map((column) => `ALTER TABLE ${TABLE} ADD ${column}`),
  `CREATE INDEX ${INDEX} ON ${TABLE} ("issuer", "user_id", "id")`,
];

// Valid on both engines (SQLite drops a column in place since 3.35, but not while an index names
// it, hence the index first); the exact mirror of up(), newest first.
const DOWN = [
  `DROP INDEX ${INDEX}`,
  ...[...COLUMN_NAMES].reverse().map((name) => `ALTER TABLE ${TABLE} DROP COLUMN "${name}"`),
];

const statementsFor = (queryRunner: QueryRunner) =>
  forDialect(queryRunner, { postgres: upStatements(POSTGRES_COLUMNS), sqlite: upStatements(SQLITE_COLUMNS) });

/**
 * Adds who minted to `nomos_magic_link_audit` (invariant 9): `issuer`, `user_name`, `session_index`,
 * `authn_instant`, `authn_context`, all nullable, and the index `(issuer, user_id, id)` for paging
 * one person's rows.
 */
export class AuditIdentity1765100000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'AuditIdentity1765100000000';

  /** Adds the five columns and the index; existing rows keep their values, with NULL in the new columns. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of statementsFor(queryRunner)) await queryRunner.query(sql);
  }

  /** Drops the index and the five columns (and what they held). */
  async down(queryRunner: QueryRunner): Promise<void> {
    statementsFor(queryRunner); // refuse unsupported drivers before dropping anything
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
