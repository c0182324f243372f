import type { ValueTransformer } from 'typeorm';
import { UTC_INSTANT } from '../common/utc-instant.js';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where an event stands. `received`: stored, not yet worked (or a worker stopped mid-way);
 * `failed`: the last attempt failed and is retried until `maxAttempts`; the others are final.
 */
export type WebhookEventStatus = 'received' | 'processed' | 'ignored' | 'needs-review' | 'failed';

// bigint arrives as a string from pg; the value always fits a double (epoch milliseconds).
const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * One Nomos webhook delivery (table `nomos_webhook_events`), keyed by the event id so that a
 * redelivery hits the primary key. Only checked values are stored: ids that match Nomos' patterns,
 * reason codes of this package (never upstream text). Names are spelled out so the committed
 * migration holds whatever naming strategy the host uses.
 */
@Entity({ name: 'nomos_webhook_events' })
@Index('IDX_nomos_webhook_events_status_next_attempt_at', ['status', 'nextAttemptAt'])
@Index('IDX_nomos_webhook_events_subscription_id', ['subscriptionId'])
export class NomosWebhookEvent {
  /** The event id, `evt_…`. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_nomos_webhook_events' })
  id!: string;

  /** e.g. `subscription.created`. */
  @Column({ name: 'topic', type: 'varchar', length: 64 })
  topic!: string;

  @Column({ name: 'received_at', ...UTC_INSTANT })
  receivedAt!: Date;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: WebhookEventStatus;

  /** Attempts started (claims); a row is not claimed again once this reaches `maxAttempts`. */
  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  /**
   * Epoch ms before which no replica may claim the row: the lease of the worker holding it, or the
   * retry delay after a failure. `null`: due now.
   */
  @Column({ name: 'next_attempt_at', type: 'bigint', nullable: true, transformer: epochMillis })
  nextAttemptAt!: number | null;

  /** Why the event is `failed`, `needs-review` or `ignored`: a reason code of this package. */
  @Column({ name: 'last_error', type: 'varchar', length: 64, nullable: true })
  lastError!: string | null;

  @Column({ name: 'processed_at', ...UTC_INSTANT, nullable: true })
  processedAt!: Date | null;

  /** `sub_…` from the event's context. */
  @Column({ name: 'subscription_id', type: 'varchar', length: 64, nullable: true })
  subscriptionId!: string | null;

  /** `lead_…` from the event's context, when the subscription came from a lead. */
  @Column({ name: 'lead_id', type: 'varchar', length: 64, nullable: true })
  leadId!: string | null;

  /** The customer the subscription belongs to, once read from Nomos. */
  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  /** The body as received, when at most 64 KiB (for support); `null` otherwise. */
  @Column({ name: 'body', type: 'text', nullable: true })
  body!: string | null;
}
