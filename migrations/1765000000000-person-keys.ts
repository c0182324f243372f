import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose (see 1764000000000): keys the customer mapping by (issuer, subject) and adds
 * its history. Existing rows keep their ids, customers and user ids; their issuer becomes
 * `urn:nomos-portal:legacy`, which no sign-in has, so each is claimed by the first sign-in whose
 * subject or name is that old user id (README, "Upgrading to person keys").
 */

const LEGACY = `'urn:nomos-portal:legacy'`;

const createIndex = (name: string, table: string, columns: string[]) =>
  `CREATE INDEX "${name}" ON "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`;

const EVENT_INDEXES = [
  createIndex('IDX_nomos_customer_link_events_person_id', 'nomos_customer_link_events', ['issuer', 'user_id', 'id']),
  createIndex('IDX_nomos_customer_link_events_new_customer_id_id', 'nomos_customer_link_events', [
    'new_customer_id',
    'id',
  ]),
];

const NEW_LINK_INDEXES = [
  `CREATE UNIQUE INDEX "UQ_nomos_customer_links_issuer_user_id" ON "nomos_customer_links" ("issuer", "user_id")`,
  `CREATE INDEX "IDX_nomos_customer_links_issuer_user_name" ON "nomos_customer_links" ("issuer", "user_name")`,
];

const POSTGRES_UP = [
  `DROP INDEX "UQ_nomos_customer_links_user_id"`,
  `ALTER TABLE "nomos_customer_links" ADD "issuer" character varying(1024) NOT NULL DEFAULT ${LEGACY}`,
  `ALTER TABLE "nomos_customer_links" ALTER COLUMN "issuer" DROP DEFAULT`,
  `ALTER TABLE "nomos_customer_links" ADD "user_name" character varying(255)`,
  `ALTER TABLE "nomos_customer_links" ADD "status" character varying(16) NOT NULL DEFAULT 'active'`,
  `ALTER TABLE "nomos_customer_links" ALTER COLUMN "status" DROP DEFAULT`,
  `ALTER TABLE "nomos_customer_links" ADD "updated_at" TIMESTAMP`,
  `ALTER TABLE "nomos_customer_links" ADD "suspended_at" TIMESTAMP`,
  ...NEW_LINK_INDEXES,
  createTable('nomos_customer_link_events', [
    `"id" SERIAL NOT NULL`,
    `"created_at" TIMESTAMP NOT NULL`,
    `"issuer" character varying(1024) NOT NULL`,
    `"user_id" character varying(255) NOT NULL`,
    `"user_name" character varying(255)`,
    `"action" character varying(16) NOT NULL`,
    `"old_customer_id" character varying(64)`,
    `"new_customer_id" character varying(64)`,
    `"actor_type" character varying(16) NOT NULL`,
    `"actor_id" character varying(255)`,
    `"channel" character varying(32) NOT NULL`,
    `CONSTRAINT "PK_nomos_customer_link_events" PRIMARY KEY ("id")`,
  ]),
  ...EVENT_INDEXES,
];

const POSTGRES_DOWN = [
  `DROP TABLE "nomos_customer_link_events"`,
  `DROP INDEX "IDX_nomos_customer_links_issuer_user_name"`,
  `DROP INDEX "UQ_nomos_customer_links_issuer_user_id"`,
  `ALTER TABLE "nomos_customer_links" DROP COLUMN "suspended_at"`,
  `ALTER TABLE "nomos_customer_links" DROP COLUMN "updated_at"`,
  `ALTER TABLE "nomos_customer_links" DROP COLUMN "status"`,
  `ALTER TABLE "nomos_customer_links" DROP COLUMN "user_name"`,
  `ALTER TABLE "nomos_customer_links" DROP COLUMN "issuer"`,
  // Fails, changing nothing, when two issuers have given the same subject: the old key cannot hold both.
  `CREATE UNIQUE INDEX "UQ_nomos_customer_links_user_id" ON "nomos_customer_links" ("user_id")`,
];

// SQLite cannot add a NOT NULL column without a default or drop an indexed one: the table is
// rebuilt, as TypeORM's own schema builder does, keeping every row and its id.
const SQLITE_UP = [
  `DROP INDEX "UQ_nomos_customer_links_user_id"`,
  `DROP INDEX "IDX_nomos_customer_links_customer_id"`,
  createTable('temporary_nomos_customer_links', [
    `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    `"issuer" varchar(1024) NOT NULL`,
    `"user_id" varchar(255) NOT NULL`,
    `"user_name" varchar(255)`,
    `"customer_id" varchar(64) NOT NULL`,
    `"status" varchar(16) NOT NULL`,
    `"source" varchar(16) NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"created_by" varchar(255)`,
    `"updated_at" datetime`,
    `"suspended_at" datetime`,
  ]),
  `INSERT INTO "temporary_nomos_customer_links"` +
    `("id", "issuer", "user_id", "customer_id", "status", "source", "created_at", "created_by") ` +
    `SELECT "id", ${LEGACY}, "user_id", "customer_id", 'active', "source", "created_at", "created_by" ` +
    `FROM "nomos_customer_links"`,
  `DROP TABLE "nomos_customer_links"`,
  `ALTER TABLE "temporary_nomos_customer_links" RENAME TO "nomos_customer_links"`,
  ...NEW_LINK_INDEXES,
  `CREATE INDEX "IDX_nomos_customer_links_customer_id" ON "nomos_customer_links" ("customer_id")`,
  createTable('nomos_customer_link_events', [
    `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"issuer" varchar(1024) NOT NULL`,
    `"user_id" varchar(255) NOT NULL`,
    `"user_name" varchar(255)`,
    `"action" varchar(16) NOT NULL`,
    `"old_customer_id" varchar(64)`,
    `"new_customer_id" varchar(64)`,
    `"actor_type" varchar(16) NOT NULL`,
    `"actor_id" varchar(255)`,
    `"channel" varchar(32) NOT NULL`,
  ]),
  ...EVENT_INDEXES,
];

const SQLITE_DOWN = [
  `DROP INDEX "IDX_nomos_customer_link_events_new_customer_id_id"`,
  `DROP INDEX "IDX_nomos_customer_link_events_person_id"`,
  `DROP TABLE "nomos_customer_link_events"`,
  `DROP INDEX "IDX_nomos_customer_links_customer_id"`,
  `DROP INDEX "IDX_nomos_customer_links_issuer_user_name"`,
  `DROP INDEX "UQ_nomos_customer_links_issuer_user_id"`,
  createTable('temporary_nomos_customer_links', [
    `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`,
    `"user_id" varchar(255) NOT NULL`,
    `"customer_id" varchar(64) NOT NULL`,
    `"source" varchar(16) NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"created_by" varchar(255)`,
  ]),
  `INSERT INTO "temporary_nomos_customer_links"` +
    `("id", "user_id", "customer_id", "source", "created_at", "created_by") ` +
    `SELECT "id", "user_id", "customer_id", "source", "created_at", "created_by" ` +
    `FROM "nomos_customer_links"`,
  `DROP TABLE "nomos_customer_links"`,
  `ALTER TABLE "temporary_nomos_customer_links" RENAME TO "nomos_customer_links"`,
  `CREATE UNIQUE INDEX "UQ_nomos_customer_links_user_id" ON "nomos_customer_links" ("user_id")`,
  `CREATE INDEX "IDX_nomos_customer_links_customer_id" ON "nomos_customer_links" ("customer_id")`,
];

/** Keys `nomos_customer_links` by (issuer, subject), adds status and names, creates its history table. */
export class PersonKeys1765000000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'PersonKeys1765000000000';

  /** Moves every existing link to the legacy issuer and adds the history table. */
  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP });
    for (const sql of statements) await queryRunner.query(sql);
  }

  /** Back to user-id keys; drops the history, the status and the names. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = forDialect(queryRunner, { postgres: POSTGRES_DOWN, sqlite: SQLITE_DOWN });
    for (const sql of statements) await queryRunner.query(sql);
  }
}
