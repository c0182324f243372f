import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose, like 1764000000000: no imports from src/. The SQL is what TypeORM's schema
 * builder writes for the entity on each driver, reviewed by hand; test/migrations checks that it
 * leaves no pending schema diff.
 *
 * The chain lives in its own table, not in columns of nomos_magic_link_audit: the audit row's one
 * change after completion (issued → abandoned) appends a link instead of rewriting one, and a
 * retention purge can leave an anchor row behind. The anchor inserted here (seq 0, the zero hash)
 * records in audit_id the highest audit id that already existed: completed rows up to it were never
 * chained, and verify reports them as legacy instead of as inserted.
 */

const TABLE = 'nomos_audit_chain';

const POSTGRES = [
  createTable(TABLE, [
    `"seq" bigint NOT NULL`,
    `"kind" character varying(16) NOT NULL`,
    `"audit_id" integer`,
    `"outcome" character varying(16)`,
    `"prev_hash" character(64)`,
    `"row_hash" character(64) NOT NULL`,
    `"created_at" bigint NOT NULL`,
    `CONSTRAINT "PK_nomos_audit_chain" PRIMARY KEY ("seq")`,
  ]),
];

const SQLITE = [
  createTable(TABLE, [
    `"seq" bigint PRIMARY KEY NOT NULL`,
    `"kind" varchar(16) NOT NULL`,
    `"audit_id" integer`,
    `"outcome" varchar(16)`,
    `"prev_hash" character(64)`,
    `"row_hash" character(64) NOT NULL`,
    `"created_at" bigint NOT NULL`,
  ]),
];

const INDEXES = [
  `CREATE INDEX "IDX_nomos_audit_chain_audit_id" ON "${TABLE}" ("audit_id")`,
  `CREATE INDEX "IDX_nomos_audit_chain_created_at" ON "${TABLE}" ("created_at")`,
];

// Plain SQL valid on both engines; the epoch milliseconds come from the migrating process.
const anchor = (nowMs: number) =>
  `INSERT INTO "${TABLE}" ("seq", "kind", "audit_id", "outcome", "prev_hash", "row_hash", "created_at") ` +
  `SELECT 0, 'anchor', COALESCE(MAX("id"), 0), NULL, NULL, '${'0'.repeat(64)}', ${Math.trunc(nowMs)} ` +
  `FROM "nomos_magic_link_audit"`;

/** Adds `nomos_audit_chain`, the hash chain over completed audit rows, and its starting anchor. */
export class AuditChain1765500000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'AuditChain1765500000000';

  /** Creates the table, its two indexes and the seq-0 anchor. */
  async up(queryRunner: QueryRunner): Promise<void> {
    const table = forDialect(queryRunner, { postgres: POSTGRES, sqlite: SQLITE });
    for (const sql of [...table, ...INDEXES, anchor(Date.now())]) await queryRunner.query(sql);
  }

  /** Drops the indexes and the table (and the chain it held). */
  async down(queryRunner: QueryRunner): Promise<void> {
    forDialect(queryRunner, { postgres: POSTGRES, sqlite: SQLITE }); // refuse unsupported drivers first
    await queryRunner.query(`DROP INDEX "IDX_nomos_audit_chain_created_at"`);
    await queryRunner.query(`DROP INDEX "IDX_nomos_audit_chain_audit_id"`);
    await queryRunner.query(`DROP TABLE "${TABLE}"`);
  }
}
