import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose (see 1764000000000): the SCIM Users table, and the person each session belongs
 * to, so that deprovisioning can end a person's sessions on every replica. Existing sessions keep a
 * NULL person key until they are next written.
 */

const USER_INDEXES = [
  `CREATE UNIQUE INDEX "UQ_nomos_scim_users_user_name_key" ON "nomos_scim_users" ("user_name_key")`,
  `CREATE INDEX "IDX_nomos_scim_users_external_id" ON "nomos_scim_users" ("external_id")`,
  `CREATE INDEX "IDX_nomos_scim_users_person" ON "nomos_scim_users" ("issuer", "subject")`,
];
const SESSION_INDEX = `CREATE INDEX "IDX_nomos_sessions_person_key" ON "nomos_sessions" ("person_key")`;

const POSTGRES_UP = [
  createTable('nomos_scim_users', [
    `"id" character varying(36) NOT NULL`,
    `"issuer" character varying(1024) NOT NULL`,
    `"subject" character varying(255) NOT NULL`,
    `"user_name" character varying(255) NOT NULL`,
    `"user_name_key" character varying(255) NOT NULL`,
    `"external_id" character varying(255)`,
    `"active" boolean NOT NULL`,
    `"display_name" character varying(255)`,
    `"given_name" character varying(255)`,
    `"family_name" character varying(255)`,
    `"email" character varying(254)`,
    `"version" integer NOT NULL`,
    `"created_at" TIMESTAMP NOT NULL`,
    `"updated_at" TIMESTAMP NOT NULL`,
    `CONSTRAINT "PK_nomos_scim_users" PRIMARY KEY ("id")`,
  ]),
  ...USER_INDEXES,
  `ALTER TABLE "nomos_sessions" ADD "person_key" character varying(64)`,
  SESSION_INDEX,
];

const SQLITE_UP = [
  createTable('nomos_scim_users', [
    `"id" varchar(36) PRIMARY KEY NOT NULL`,
    `"issuer" varchar(1024) NOT NULL`,
    `"subject" varchar(255) NOT NULL`,
    `"user_name" varchar(255) NOT NULL`,
    `"user_name_key" varchar(255) NOT NULL`,
    `"external_id" varchar(255)`,
    `"active" boolean NOT NULL`,
    `"display_name" varchar(255)`,
    `"given_name" varchar(255)`,
    `"family_name" varchar(255)`,
    `"email" varchar(254)`,
    `"version" integer NOT NULL`,
    `"created_at" datetime NOT NULL`,
    `"updated_at" datetime NOT NULL`,
  ]),
  ...USER_INDEXES,
  `ALTER TABLE "nomos_sessions" ADD COLUMN "person_key" varchar(64)`,
  SESSION_INDEX,
];

// Same on both engines (SQLite ≥ 3.35 drops a column once its index is gone).
const DOWN = [
  `DROP INDEX "IDX_nomos_sessions_person_key"`,
  `ALTER TABLE "nomos_sessions" DROP COLUMN "person_key"`,
  `DROP INDEX "IDX_nomos_scim_users_person"`,
  `DROP INDEX "IDX_nomos_scim_users_external_id"`,
  `DROP INDEX "UQ_nomos_scim_users_user_name_key"`,
  `DROP TABLE "nomos_scim_users"`,
];

/** Creates `nomos_scim_users` and adds `person_key` to `nomos_sessions`. */
export class Provisioning1765200000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'Provisioning1765200000000';

  /** Creates the SCIM table and the sessions' person key. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP })) {
      await queryRunner.query(sql);
    }
  }

  /** Drops both. */
  async down(queryRunner: QueryRunner): Promise<void> {
    forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP }); // refuse unsupported drivers first
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
