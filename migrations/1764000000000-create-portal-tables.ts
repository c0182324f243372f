import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose: this file imports nothing from src/, so later entity changes need a new
 * migration instead of silently rewriting this one. The SQL is TypeORM's schema-builder output for
 * each driver, reviewed by hand; test/migrations checks that it leaves no pending schema diff.
 */

const POSTGRES_UP = [
  createTable('nomos_customer_links', [
    `"id" SERIAL NOT NULL`,
    `"user_id" character varying(255) NOT NULL`,
    `"customer_id" character varying(64) NOT NULL`,
    `"source" character varying(16) NOT NULL`,
    `"created_at" TIMESTAMP NOT NULL`,
    `"created_by" character varying(255)`,
    `CONSTRAINT "PK_nomos_customer_links" PRIMARY KEY ("id")`,
  ]),
  `CREATE UNIQUE INDEX "UQ_nomos_customer_links_user_id" ON "nomos_customer_links" ("user_id")`,
  `CREATE INDEX "IDX_nomos_customer_links_customer_id" ON "nomos_customer_links" ("customer_id")`,
  createTable('nomos_magic_link_audit', [
    `"id" SERIAL NOT NULL`,
    `"created_at" TIMESTAMP NOT NULL`,
    `"completed_at" TIMESTAMP`,
    `"user_id" character varying(255)`,
    `"customer_id" character varying(64)`,
    `"outcome" character varying(16) NOT NULL`,
    `"error_code" character varying(128)`,
    `"nomos_request_id" character varying(128)`,
    `"link_fingerprint" character(64)`,
    `"link_host" character varying(255)`,
    `"channel" character varying(16) NOT NULL`,
    `"mint_attempts" integer NOT NULL DEFAULT 0`,
    `"client_ip" character varying(64)`,
    `"user_agent" character varying(512)`,
    `"request_id" character varying(128)`,
    `"duration_ms" integer`,
    `CONSTRAINT "PK_nomos_magic_link_audit" PRIMARY KEY ("id")`,
  ]),
  `CREATE INDEX "IDX_nomos_magic_link_audit_user_id_id" ON "nomos_magic_link_audit" ("user_id", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_customer_id_id" ON "nomos_magic_link_audit" ("customer_id", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_outcome_id" ON "nomos_magic_link_audit" ("outcome", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_created_at" ON "nomos_magic_link_audit" ("created_at")`,
];

const SQLITE_UP = [
  createTable('nomos_customer_links', [
    `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    `"user_id" varchar(255) NOT NULL`,
    `"customer_id" varchar(64) NOT NULL`,
    `"source" varchar(16) NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"created_by" varchar(255)`,
  ]),
  `CREATE UNIQUE INDEX "UQ_nomos_customer_links_user_id" ON "nomos_customer_links" ("user_id")`,
  `CREATE INDEX "IDX_nomos_customer_links_customer_id" ON "nomos_customer_links" ("customer_id")`,
  createTable('nomos_magic_link_audit', [
    `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"completed_at" datetime`,
    `"user_id" varchar(255)`,
    `"customer_id" varchar(64)`,
    `"outcome" varchar(16) NOT NULL`,
    `"error_code" varchar(128)`,
    `"nomos_request_id" varchar(128)`,
    `"link_fingerprint" character(64)`,
    `"link_host" varchar(255)`,
    `"channel" varchar(16) NOT NULL`,
    `"mint_attempts" integer NOT NULL DEFAULT (0)`,
    `"client_ip" varchar(64)`,
    `"user_agent" varchar(512)`,
    `"request_id" varchar(128)`,
    `"duration_ms" integer`,
  ]),
  `CREATE INDEX "IDX_nomos_magic_link_audit_user_id_id" ON "nomos_magic_link_audit" ("user_id", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_customer_id_id" ON "nomos_magic_link_audit" ("customer_id", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_outcome_id" ON "nomos_magic_link_audit" ("outcome", "id")`,
  `CREATE INDEX "IDX_nomos_magic_link_audit_created_at" ON "nomos_magic_link_audit" ("created_at")`,
];

// Same statements on both engines: index names are global per schema, and dropping a table would
// take its indexes along anyway; dropping them first keeps down() the exact mirror of up().
const DOWN = [
  `DROP INDEX "IDX_nomos_magic_link_audit_created_at"`,
  `DROP INDEX "IDX_nomos_magic_link_audit_outcome_id"`,
  `DROP INDEX "IDX_nomos_magic_link_audit_customer_id_id"`,
  `DROP INDEX "IDX_nomos_magic_link_audit_user_id_id"`,
  `DROP TABLE "nomos_magic_link_audit"`,
  `DROP INDEX "IDX_nomos_customer_links_customer_id"`,
  `DROP INDEX "UQ_nomos_customer_links_user_id"`,
  `DROP TABLE "nomos_customer_links"`,
];

const upStatements = (queryRunner: QueryRunner) =>
  forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP });

/** Creates `nomos_customer_links` and `nomos_magic_link_audit` with their indexes. */
export class CreatePortalTables1764000000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'CreatePortalTables1764000000000';

  /** Creates both tables and their indexes. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of upStatements(queryRunner)) await queryRunner.query(sql);
  }

  /** Drops both tables and their indexes. */
  async down(queryRunner: QueryRunner): Promise<void> {
    upStatements(queryRunner); // refuse unsupported drivers before dropping anything
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
