import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditChainService } from './audit-chain.service.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import type { ResolvedAuditOptions } from './audit.options.js';
import { AUDIT_OPTIONS } from './audit.options.js';

/**
 * Runs the chain's housekeeping on every replica: reconciliation at start-up and every
 * `reconcileEveryMs`, a checkpoint every `checkpointEveryMs` (when the head moved) and after every
 * `checkpointEveryRows` appends, a purge every `purgeEveryMs` when retention is set. Timers are
 * unref'd and stopped when the module is destroyed, which waits for the job under way. Each job is
 * safe on many replicas (see `AuditChainService`); failures are logged and the next tick retries.
 */
@Injectable()
export class AuditChainScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NomosAuditChain');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private unsubscribe: (() => void) | undefined;
  private appended = 0;
  private lastCheckpointSeq: number | undefined;

  constructor(
    private readonly chain: AuditChainService,
    private readonly writer: AuditChainWriter,
    @Inject(AUDIT_OPTIONS) private readonly options: ResolvedAuditOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // At start-up, before traffic: rows a crashed process left pending are settled first.
    await this.job('reconcile', () => this.chain.reconcile());
    const { reconcileEveryMs, checkpointEveryMs, checkpointEveryRows, retentionDays, purgeEveryMs, signingKey } =
      this.options;
    this.every(reconcileEveryMs, 'reconcile', () => this.chain.reconcile());
    if (signingKey) this.every(checkpointEveryMs, 'checkpoint', () => this.checkpointIfMoved());
    if (retentionDays !== undefined) this.every(purgeEveryMs, 'purge', () => this.chain.purge());
    if (signingKey && checkpointEveryRows > 0) {
      this.unsubscribe = this.writer.onAppend(() => {
        if (++this.appended < checkpointEveryRows) return;
        this.appended = 0;
        void this.job('checkpoint', () => this.chain.checkpoint());
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe?.();
    await Promise.allSettled(this.running.values());
  }

  private async checkpointIfMoved(): Promise<void> {
    const head = await this.chain.head();
    if (head.seq === this.lastCheckpointSeq) return;
    const written = await this.chain.checkpoint();
    if (written) this.lastCheckpointSeq = written.headSeq;
  }

  private every(ms: number, name: string, work: () => Promise<unknown>): void {
    if (ms <= 0) return;
    const timer = setInterval(() => void this.job(name, work), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** One run of a job at a time per process; a tick that finds it running is skipped. */
  private job(name: string, work: () => Promise<unknown>): Promise<unknown> {
    const current = this.running.get(name);
    if (current) return current;
    const run = work()
      .catch((error: unknown) => {
        // The message only: a driver error's detail may quote row values.
        this.logger.error(`Audit ${name} failed: ${(error as Error)?.message ?? 'unknown error'}`);
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }
}
