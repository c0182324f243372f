import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomerLinkStoreError } from '../customer-links/index.js';
import { NomosApiError } from '../nomos-api/index.js';
import type { NomosWebhookEvent, WebhookEventStatus } from './nomos-webhook-event.entity.js';
import { SubscriptionLinker } from './subscription-linker.js';
import type { AttemptResult } from './webhook-event-store.js';
import { WebhookEventStore } from './webhook-event-store.js';
import { WEBHOOK_REASONS } from './webhook-reasons.js';
import type { ResolvedWebhookOptions } from './webhooks.options.js';
import { WEBHOOK_OPTIONS } from './webhooks.options.js';

/** How long a claim holds a row: well beyond the Nomos client's deadline for the two calls made. */
const CLAIM_LEASE_MS = 120_000;
const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
/** Rows claimed per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 50;

/**
 * Works stored webhook events: right after receipt, and in sweeps (at start-up, every
 * `webhooks.sweepIntervalMs`, or when called) that retry what is still open. Every attempt starts with
 * a claim in the database, so on many replicas each row has at most one worker at a time.
 */
@Injectable()
export class WebhookEventProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NomosWebhooks');
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly store: WebhookEventStore,
    private readonly linker: SubscriptionLinker,
    @Inject(WEBHOOK_OPTIONS) private readonly options: ResolvedWebhookOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.track(this.sweep());
    if (this.options.sweepIntervalMs > 0) {
      this.timer = setInterval(() => this.track(this.sweep()), this.options.sweepIntervalMs);
      // The sweep never keeps a process alive that is otherwise done.
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.settled();
  }

  /** Starts working one event without waiting for it (the receiver answers Nomos first). */
  start(id: string): void {
    this.track(this.process(id));
  }

  /**
   * One attempt at the event, if this worker can claim it.
   * @returns the status it ended in, or `undefined` when it was not claimed (done, held elsewhere, not due)
   */
  async process(id: string, nowMs = Date.now()): Promise<WebhookEventStatus | undefined> {
    const row = await this.store.claim(id, nowMs, CLAIM_LEASE_MS, this.options.maxAttempts);
    if (!row) return undefined;
    const result = await this.attempt(row).catch((error: unknown) => this.failure(row, error));
    await this.store.finish(row.id, row.attempts, result, new Date());
    const note = result.reason === null ? '' : ` (${result.reason})`;
    this.logger.log(`Nomos webhook ${row.id} ${row.topic}: ${result.status}${note}, attempt ${row.attempts}`);
    if (result.status === 'failed' && row.attempts >= this.options.maxAttempts) {
      this.logger.warn(`Nomos webhook ${row.id} failed ${row.attempts} times and is not retried; it needs review`);
    }
    return result.status;
  }

  /**
   * Claims and works every open event that is due; one sweep at a time per process.
   * @returns how many events were attempted
   */
  sweep(nowMs = Date.now()): Promise<number> {
    this.sweeping ??= this.sweepOnce(nowMs).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Resolves once every attempt and sweep started so far has ended (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async sweepOnce(nowMs: number): Promise<number> {
    let attempted = 0;
    for (const id of await this.store.due(nowMs, this.options.maxAttempts, SWEEP_BATCH)) {
      if ((await this.process(id, nowMs)) !== undefined) attempted++;
    }
    return attempted;
  }

  private attempt(row: NomosWebhookEvent): Promise<AttemptResult> {
    if (row.topic !== 'subscription.created' || row.subscriptionId === null) {
      return Promise.resolve({ status: 'ignored', reason: WEBHOOK_REASONS.topicNotHandled });
    }
    // References are judged as of the delivery: a retry hours later must not expire a good one.
    const event = { id: row.id, subscriptionId: row.subscriptionId, leadId: row.leadId };
    return this.linker.link(event, row.receivedAt.getTime());
  }

  private failure(row: NomosWebhookEvent, error: unknown): AttemptResult {
    const delay = Math.min(this.options.retryDelayMs * 2 ** (row.attempts - 1), MAX_RETRY_DELAY_MS);
    return { status: 'failed', reason: failureCode(error), retryAt: Date.now() + delay };
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => {
      // The row stays open and a later sweep retries it; the error may quote ids, so only its kind.
      this.logger.error(`Nomos webhook processing failed (${failureCode(error)}); a later sweep retries`);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

/** A reason code for a failed attempt: the kind of failure, never its text. */
function failureCode(error: unknown): string {
  if (error instanceof NomosApiError) {
    if (error.statusCode === 404) return WEBHOOK_REASONS.nomosNotFound;
    return error.code.toLowerCase().replaceAll('_', '-');
  }
  if (error instanceof CustomerLinkStoreError || (error instanceof Error && error.name === 'QueryFailedError')) {
    return WEBHOOK_REASONS.database;
  }
  return WEBHOOK_REASONS.internal;
}
