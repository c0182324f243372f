import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Not, Repository } from 'typeorm';
import { GENESIS_HASH } from './audit-canonical.js';
import { AuditChainEntry } from './audit-chain.entity.js';
import { purgeChain } from './audit-chain.purge.js';
import type { AuditVerifyOptions, AuditVerifyReport } from './audit-chain.types.js';
import { walkChain } from './audit-chain.verify.js';
import type { AuditChainHead } from './audit-chain.writer.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import { AUDIT_LOCK_KEYS } from './audit-chain-lock.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { checkpointSignatureValid, signCheckpoint } from './audit-checkpoint.js';
import type { ResolvedAuditOptions } from './audit.options.js';
import { AUDIT_OPTIONS } from './audit.options.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

const RECONCILE_BATCH = 100;

/**
 * The audit chain's operations: verify it, checkpoint it, purge old rows, reconcile stale `pending`
 * rows. The admin API and the `nomos-portal audit verify` CLI are built on {@link verify}; the
 * scheduler calls the rest on timers. Every method is safe to run on many replicas at once.
 */
@Injectable()
export class AuditChainService {
  private readonly logger = new Logger('NomosAuditChain');

  constructor(
    @InjectRepository(MagicLinkAudit) private readonly rows: Repository<MagicLinkAudit>,
    @InjectRepository(AuditChainEntry) private readonly entries: Repository<AuditChainEntry>,
    private readonly writer: AuditChainWriter,
    @Inject(AUDIT_OPTIONS) private readonly options: ResolvedAuditOptions,
  ) {}

  /**
   * Checks the whole chain and, given a checkpoint, that the chain still contains what was signed.
   * Detects an edited, deleted, inserted or reordered row, a truncated chain (against the checkpoint)
   * and rows deleted from its start, naming the first bad row. Reads in keyset batches: memory stays
   * flat at any table size. Rows after the last checkpoint are only as safe as the chain itself.
   * @example
   * const report = await chain.verify({ checkpoint: await readLastCheckpoint('/var/audit/checkpoints.jsonl') });
   * if (!report.ok) console.error(report.firstBad ?? report.checkpoint);
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
    // NaN (a CLI's `Number(flag)`) would pass Math.min/max through to the query as its limit.
    const asked = Number.isNaN(options.batchSize) ? undefined : options.batchSize;
    const batchSize = Math.min(Math.max(Math.trunc(asked ?? 1000), 1), 10_000);
    const given = options.checkpoint;
    const publicKey = options.publicKey ?? this.options.publicKey;
    const signed = given !== undefined && publicKey !== undefined && checkpointSignatureValid(given, publicKey);
    // An unsigned or forged checkpoint is reported, and the chain is still walked on its own.
    const walk = await walkChain(this.rows, this.entries, batchSize, signed ? given : undefined);
    const { reachedCheckpoint, ...report } = walk;
    if (given === undefined) return { ok: report.firstBad === undefined, ...report };
    const fault = report.firstBad?.reason;
    const status = !publicKey
      ? 'no-key'
      : !signed
        ? 'bad-signature'
        : fault === 'truncated' || fault === 'checkpoint-mismatch' || fault === 'anchor-mismatch'
          ? 'mismatch'
          : reachedCheckpoint
            ? 'matched'
            : 'unchecked';
    const checkpoint = { status, headSeq: given.headSeq, time: given.time, keyId: given.keyId } as const;
    return { ok: report.firstBad === undefined && status === 'matched', ...report, checkpoint };
  }

  /** The chain's newest entry. */
  head(): Promise<AuditChainHead> {
    return this.writer.head();
  }

  /**
   * Signs the chain's current head and writes it to every sink. On PostgreSQL one replica at a time
   * (a try-lock; the others skip); two checkpoints of the same head are the same claim, so one
   * written again later is harmless.
   * @returns the checkpoint, or `undefined` without a signing key or while another replica writes one
   * @throws Error when a sink failed (the others were still written)
   */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    const { signingKey, keyId, sinks } = this.options;
    if (!signingKey || !keyId) return undefined;
    return this.writer.lock.exclusive(AUDIT_LOCK_KEYS.checkpoint, async () => {
      const [first] = await this.entries.find({ order: { seq: 'ASC' }, take: 1 });
      const anchor =
        first?.kind === 'anchor' ? { seq: first.seq, hash: first.rowHash } : { seq: 0, hash: GENESIS_HASH };
      const head = await this.writer.head();
      const content = { headSeq: head.seq, headHash: head.hash, rowCount: head.seq - anchor.seq };
      const checkpoint = signCheckpoint(
        { ...content, anchorSeq: anchor.seq, anchorHash: anchor.hash, time: Date.now(), keyId },
        signingKey,
      );
      const results = await Promise.allSettled(sinks.map((sink) => sink.write(checkpoint)));
      const failed = sinks.filter((_, i) => results[i].status === 'rejected').map((sink) => sink.name);
      if (failed.length > 0) throw new Error(`Audit checkpoint not written to: ${failed.join(', ')}`);
      return checkpoint;
    });
  }

  /**
   * Turns `pending` rows older than `audit.pendingTimeoutMs` into `abandoned` (error code
   * `PENDING_EXPIRED`), each chained like any completion. A row another replica completes meanwhile
   * is left alone (the update is conditional on `pending`).
   * @returns how many rows this call turned
   */
  async reconcile(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.pendingTimeoutMs);
    let turned = 0;
    for (;;) {
      const ids = await this.writer.stalePending(cutoff, RECONCILE_BATCH);
      for (const id of ids) {
        const row = await this.rows.findOneBy({ id });
        if (!row) continue;
        const values = {
          outcome: 'abandoned' as const,
          completedAt: new Date(),
          errorCode: 'PENDING_EXPIRED',
          // What the process that died counted is lost with it; the wall time is known.
          durationMs: Math.min(Math.max(0, Date.now() - row.createdAt.getTime()), 2_147_483_647),
        };
        const where = { id, outcome: 'pending' as const, createdAt: LessThan(cutoff) };
        if (await this.writer.update(where, values, 'complete')) turned++;
      }
      if (ids.length < RECONCILE_BATCH) break;
    }
    if (turned > 0) this.logger.warn(`Turned ${turned} stale pending audit rows into abandoned (PENDING_EXPIRED)`);
    return turned;
  }

  /**
   * Deletes audit rows older than `audit.retentionDays` (or `olderThan`), with their chain entries,
   * after writing a checkpoint (which fails the purge if it cannot be written), leaving an anchor
   * that keeps the last purged entry's hash; a second checkpoint records the new anchor.
   * @returns how many entries were purged (0 when retention is off or another replica is purging)
   */
  async purge(olderThan?: Date): Promise<number> {
    const days = this.options.retentionDays;
    const cutoff = olderThan ?? (days === undefined ? undefined : new Date(Date.now() - days * 86_400_000));
    if (!cutoff) return 0;
    const purged = await this.writer.lock.exclusive(AUDIT_LOCK_KEYS.purge, async () => {
      // Checkpoint (and delete) only when an entry is old enough: a purge tick that finds nothing writes nothing.
      const [old] = await this.entries.find({ where: { kind: Not('anchor'), createdAt: LessThan(cutoff) }, take: 1 });
      if (!old) return 0;
      if (this.options.signingKey) await this.checkpoint();
      return purgeChain(this.writer.lock, cutoff);
    });
    if (purged && this.options.signingKey) await this.checkpoint();
    return purged ?? 0;
  }
}
