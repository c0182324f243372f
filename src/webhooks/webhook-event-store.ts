import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import type { CheckedWebhookEvent } from './webhook-event-body.js';
import type { WebhookEventStatus } from './nomos-webhook-event.entity.js';
import { NomosWebhookEvent } from './nomos-webhook-event.entity.js';

/** Largest body kept on the row (for support); a larger one is processed but not stored. */
const MAX_STORED_BODY_CHARS = 65_536;
/** The statuses a worker may still claim. */
const OPEN: WebhookEventStatus[] = ['received', 'failed'];

/** How an attempt ended, as written to the row. */
export interface AttemptResult {
  status: Exclude<WebhookEventStatus, 'received'>;
  /** A reason code of this package (`null` when processed). */
  reason: string | null;
  customerId?: string | null;
  /** `failed` only: epoch ms before which the row is not retried. */
  retryAt?: number | null;
}

/**
 * The `nomos_webhook_events` rows: the receipt (whose primary key is the dedupe), the claim that
 * lets one worker of the fleet at a time hold a row, and the end of an attempt. Every state change is
 * one conditional UPDATE, so two replicas can never both believe they hold a row.
 */
@Injectable()
export class WebhookEventStore {
  constructor(@InjectRepository(NomosWebhookEvent) private readonly events: Repository<NomosWebhookEvent>) {}

  /** Stores a new delivery; `'duplicate'` when the event id is already stored (nothing changes). */
  async receive(event: CheckedWebhookEvent, body: string, at: Date): Promise<'stored' | 'duplicate'> {
    try {
      await this.events.insert({
        id: event.id,
        topic: event.topic,
        receivedAt: at,
        status: 'received',
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        processedAt: null,
        subscriptionId: event.subscriptionId,
        leadId: event.leadId,
        customerId: null,
        body: body.length <= MAX_STORED_BODY_CHARS ? body : null,
      });
      return 'stored';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  /**
   * Takes the row for one attempt: counts it and holds it until `nowMs + leaseMs`, only if it is still
   * open, under `maxAttempts` and due. A worker that dies leaves the row open; its lease runs out and
   * the next sweep takes it.
   * @returns the row as claimed, or `undefined` when another worker has it or it is done
   */
  async claim(id: string, nowMs: number, leaseMs: number, maxAttempts: number): Promise<NomosWebhookEvent | undefined> {
    const result = await this.events
      .createQueryBuilder()
      .update(NomosWebhookEvent)
      .set({ attempts: () => '"attempts" + 1', nextAttemptAt: nowMs + leaseMs })
      .where('"id" = :id AND "status" IN (:...open) AND "attempts" < :maxAttempts', { id, open: OPEN, maxAttempts })
      .andWhere('("next_attempt_at" IS NULL OR "next_attempt_at" <= :nowMs)', { nowMs })
      .execute();
    if (result.affected !== 1) return undefined;
    return (await this.events.findOneBy({ id })) ?? undefined;
  }

  /**
   * Ends the attempt that raised the count to `attempts`. A worker whose lease ran out and whose row
   * was claimed again writes nothing: the newer attempt owns the outcome.
   */
  async finish(id: string, attempts: number, result: AttemptResult, at: Date): Promise<boolean> {
    const done = result.status !== 'failed';
    const update = await this.events
      .createQueryBuilder()
      .update(NomosWebhookEvent)
      .set({
        status: result.status,
        lastError: result.reason,
        processedAt: done ? at : null,
        nextAttemptAt: done ? null : (result.retryAt ?? null),
        ...(result.customerId ? { customerId: result.customerId } : {}),
      })
      .where('"id" = :id AND "attempts" = :attempts AND "status" IN (:...open)', { id, attempts, open: OPEN })
      .execute();
    return update.affected === 1;
  }

  /** Ids of open rows that are due, oldest first: what a sweep tries to claim. */
  async due(nowMs: number, maxAttempts: number, limit: number): Promise<string[]> {
    const rows = await this.events
      .createQueryBuilder('event')
      .select('event.id', 'id')
      .where('event.status IN (:...open) AND event.attempts < :maxAttempts', { open: OPEN, maxAttempts })
      .andWhere('(event.nextAttemptAt IS NULL OR event.nextAttemptAt <= :nowMs)', { nowMs })
      .orderBy('event.receivedAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
