import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose (see 1764000000000): the per-person limit's counts when
 * `portal.personRateLimit.storage` is 'database', one row per person key hash (SHA-256 hex, so the
 * table holds no identities) with its fixed window and block as epoch milliseconds. Written by one
 * upsert per hit; no entity, since nothing reads it but that statement and the sweep.
 */

const INDEX = 'CREATE INDEX "IDX_nomos_person_limits_window_ends_at" ON "nomos_person_limits" ("window_ends_at")';

const POSTGRES_UP = [
  createTable('nomos_person_limits', [
    `"bucket" character varying(64) NOT NULL`,
    `"hits" integer NOT NULL`,
    `"window_ends_at" bigint NOT NULL`,
    `"blocked_until" bigint NOT NULL`,
    `CONSTRAINT "PK_nomos_person_limits" PRIMARY KEY ("bucket")`,
  ]),
  INDEX,
];

const SQLITE_UP = [
  createTable('nomos_person_limits', [
    `"bucket" varchar(64) PRIMARY KEY NOT NULL`,
    `"hits" integer NOT NULL`,
    `"window_ends_at" bigint NOT NULL`,
    `"blocked_until" bigint NOT NULL`,
  ]),
  INDEX,
];

// Same on both engines.
const DOWN = [`DROP INDEX "IDX_nomos_person_limits_window_ends_at"`, `DROP TABLE "nomos_person_limits"`];

/** Creates `nomos_person_limits`. */
export class PersonLimits1765700000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'PersonLimits1765700000000';

  /** Creates the table and its index. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP })) {
      await queryRunner.query(sql);
    }
  }

  /** Drops them. */
  async down(queryRunner: QueryRunner): Promise<void> {
    forDialect(queryRunner, { postgres: POSTGRES_UP, sqlite: SQLITE_UP }); // refuse unsupported drivers first
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
