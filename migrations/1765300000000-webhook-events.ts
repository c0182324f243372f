import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, forDialect } from './migration-dialect.js';

/*
 * Frozen on purpose (see 1764000000000): the Nomos webhook events, one row per event id, so that a
 * redelivery hits the primary key and a sweep finds what is still to process.
 */

const INDEXES = [
  'CREATE INDEX "IDX_nomos_webhook_events_status_next_attempt_at" ON "nomos_webhook_events" ' +
    '("status", "next_attempt_at")',
  `CREATE INDEX "IDX_nomos_webhook_events_subscription_id" ON "nomos_webhook_events" ("subscription_id")`,
];

const POSTGRES_UP = [
  createTable('nomos_webhook_events', [
    `"id" character varying(64) NOT NULL`,
    `"topic" character varying(64) NOT NULL`,
    `"received_at" TIMESTAMP NOT NULL`,
    `"status" character varying(16) NOT NULL`,
    `"attempts" integer NOT NULL`,
    `"next_attempt_at" bigint`,
    `"last_error" character varying(64)`,
    `"processed_at" TIMESTAMP`,
    `"subscription_id" character varying(64)`,
    `"lead_id" character varying(64)`,
    `"customer_id" character varying(64)`,
    `"body" text`,
    `CONSTRAINT "PK_nomos_webhook_events" PRIMARY KEY ("id")`,
  ]),
  ...INDEXES,
];

const SQLITE_UP = [
  createTable('nomos_webhook_events', [
    `"id" varchar(64) PRIMARY KEY NOT NULL`,
    `"topic" varchar(64) NOT NULL`,
    `"received_at" datetime NOT NULL`,
    `"status" varchar(16) NOT NULL`,
    `"attempts" integer NOT NULL`,
    `"next_attempt_at" bigint`,
    `"last_error" varchar(64)`,
    `"processed_at" datetime`,
    `"subscription_id" varchar(64)`,
    `"lead_id" varchar(64)`,
    `"customer_id" varchar(64)`,
    `"body" text`,
  ]),
  ...INDEXES,
];

// Same on both engines.
const DOWN = [
  `DROP INDEX "IDX_nomos_webhook_events_subscription_id"`,
  `DROP INDEX "IDX_nomos_webhook_events_status_next_attempt_at"`,
  `DROP TABLE "nomos_webhook_events"`,
];

/** Creates `nomos_webhook_events`. */
export class WebhookEvents1765300000000 implements MigrationInterface {
  /** Name TypeORM records in its migrations table. */
  name = 'WebhookEvents1765300000000';

  /** Creates the table and its indexes. */
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
