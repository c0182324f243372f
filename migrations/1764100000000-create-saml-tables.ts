import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose, like 1764000000000: no imports from src/. The SQL is TypeORM's schema-builder
 * output for each driver, reviewed by hand; test/migrations checks that it leaves no pending schema
 * diff. Times are epoch milliseconds in `bigint` so that both engines and every replica's `TZ` agree.
 */

const POSTGRES_UP = [
  createTable('nomos_saml_requests', [
    `"key" character varying(255) NOT NULL`,
    `"value" text NOT NULL`,
    `"expires_at" bigint NOT NULL`,
    `CONSTRAINT "PK_nomos_saml_requests" PRIMARY KEY ("key")`,
  ]),
  `CREATE INDEX "IDX_nomos_saml_requests_expires_at" ON "nomos_saml_requests" ("expires_at")`,
  createTable('nomos_saml_assertions', [
    `"id" character varying(255) NOT NULL`,
    `"expires_at" bigint NOT NULL`,
    `CONSTRAINT "PK_nomos_saml_assertions" PRIMARY KEY ("id")`,
  ]),
  `CREATE INDEX "IDX_nomos_saml_assertions_expires_at" ON "nomos_saml_assertions" ("expires_at")`,
  createTable('nomos_sessions', [
    `"sid" character varying(255) NOT NULL`,
    `"data" text NOT NULL`,
    `"expires_at" bigint NOT NULL`,
    `CONSTRAINT "PK_nomos_sessions" PRIMARY KEY ("sid")`,
  ]),
  `CREATE INDEX "IDX_nomos_sessions_expires_at" ON "nomos_sessions" ("expires_at")`,
];

const SQLITE_UP = [
  createTable('nomos_saml_requests', [
    `"key" varchar(255) PRIMARY KEY NOT NULL`,
    `"value" text NOT NULL`,
    `"expires_at" bigint NOT NULL`,
  ]),
  `CREATE INDEX "IDX_nomos_saml_requests_expires_at" ON "nomos_saml_requests" ("expires_at")`,
  createTable('nomos_saml_assertions', [`"id" varchar(255) PRIMARY KEY NOT NULL`, `"expires_at" bigint NOT NULL`]),
  `CREATE INDEX "IDX_nomos_saml_assertions_expires_at" ON "nomos_saml_assertions" ("expires_at")`,
  createTable('nomos_sessions', [
    `"sid" varchar(255) PRIMARY KEY NOT NULL`,
    `"data" text NOT NULL`,
    `"expires_at" bigint NOT NULL`,
  ]),
  `CREATE INDEX "IDX_nomos_sessions_expires_at" ON "nomos_sessions" ("expires_at")`,
];

// The exact mirror of up(), valid on both engines (see 1764000000000 for why indexes go first).
const DOWN = [
  `DROP INDEX "IDX_nomos_sessions_expires_at"`,
  `DROP TABLE "nomos_sessions"`,
  `DROP INDEX "IDX_nomos_saml_assertions_expires_at"`,
  `DROP TABLE "nomos_saml_assertions"`,
  `DROP INDEX "IDX_nomos_saml_requests_expires_at"`,
  `DROP TABLE "nomos_saml_requests"`,
];

const upStatements = (queryRunner: QueryRunner) =>
  forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP });

/**
 * Creates the SAML tables shared by all replicas: `nomos_saml_requests` (`InResponseTo` cache),
 * `nomos_saml_assertions` (assertion replay cache) and `nomos_sessions` (`express-session` store),
 * each with an index on `expires_at` for the periodic purge.
 */
export class CreateSamlTables1764100000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'CreateSamlTables1764100000000';

  /** Creates the three tables and their indexes. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of upStatements(queryRunner)) await queryRunner.query(sql);
  }

  /** Drops the three tables and their indexes. */
  async down(queryRunner: QueryRunner): Promise<void> {
    upStatements(queryRunner); // refuse unsupported drivers before dropping anything
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
