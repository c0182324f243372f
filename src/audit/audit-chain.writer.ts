import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { EntitySql } from '../common/entity-sql.js';
import { entryHash, GENESIS_HASH } from './audit-canonical.js';
import { AuditChainEntry } from './audit-chain.entity.js';
import type { AuditChainKind } from './audit-chain.entity.js';
import { AuditChainLock } from './audit-chain-lock.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

/** The newest entry of the chain: its seq and hash (seq 0 and the zero hash on an empty chain). */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/**
 * Appends to the audit hash chain in the same transaction as the audit write it attests, under the
 * chain lock (see {@link AuditChainLock}): the row's change, the read of the head and the new entry
 * commit together or not at all, so the chain never attests a write that did not happen.
 */
@Injectable()
export class AuditChainWriter {
  readonly lock: AuditChainLock;
  private readonly listeners = new Set<() => void>();
  /** The append's statements (SQLite, PostgreSQL); `undefined`: through the repositories. */
  private readonly sql?: { rows: EntitySql<MagicLinkAudit>; entries: EntitySql<AuditChainEntry> };

  constructor(
    @InjectRepository(MagicLinkAudit) private readonly rows: Repository<MagicLinkAudit>,
    @InjectRepository(AuditChainEntry) private readonly entries: Repository<AuditChainEntry>,
  ) {
    this.lock = new AuditChainLock(rows.manager);
    const rowSql = EntitySql.of(rows.manager, MagicLinkAudit);
    const entrySql = EntitySql.of(entries.manager, AuditChainEntry);
    if (rowSql && entrySql) this.sql = { rows: rowSql, entries: entrySql };
  }

  /** Calls `listener` after each committed append (the checkpoint scheduler counts them). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies `values` to the row matching `where` (which must name its id and expected outcome) and
   * chains the result.
   * @returns false, changing nothing, when no row matched (already completed elsewhere)
   */
  update(
    where: FindOptionsWhere<MagicLinkAudit> & { id: number },
    values: Partial<MagicLinkAudit>,
    kind: Exclude<AuditChainKind, 'anchor'>,
  ): Promise<boolean> {
    // Plain equality only: a FindOperator (reconciliation's LessThan) goes through the repository.
    const sql = Object.values(where).some((value) => typeof value === 'object' && value !== null)
      ? undefined
      : this.sql;
    return this.append(async (tx) => {
      if (sql) {
        // The row as the database now holds it, and on PostgreSQL the chain lock, in the same
        // statement (no read-back, no lock round trip).
        const advisoryLock = this.lock.statementKey;
        const [row] = await sql.rows.update(tx, where as Partial<MagicLinkAudit>, values, {
          returning: 'row',
          advisoryLock,
        });
        return row ? { id: where.id, kind, row, locked: advisoryLock !== undefined } : undefined;
      }
      const result = await tx.update(MagicLinkAudit, where, values);
      return result.affected === 1 ? { id: where.id, kind } : undefined;
    });
  }

  /** Inserts an already-completed row and chains it. */
  async insert(row: MagicLinkAudit): Promise<void> {
    await this.append(async (tx) => {
      await tx.insert(MagicLinkAudit, row);
      return { id: row.id, kind: 'complete' as const };
    });
  }

  /** The newest entry, read through `manager` (inside a transaction: under its lock). */
  async head(manager: EntityManager = this.entries.manager): Promise<AuditChainHead> {
    const [last] = this.sql
      ? [await this.sql.entries.first(manager, {}, { by: 'seq', direction: 'DESC' })]
      : await manager.find(AuditChainEntry, { order: { seq: 'DESC' }, take: 1 });
    return last ? { seq: last.seq, hash: last.rowHash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** Ids of `pending` rows created before `before`, oldest first (for reconciliation). */
  async stalePending(before: Date, limit: number): Promise<number[]> {
    const found = await this.rows.find({
      select: { id: true },
      where: { outcome: 'pending', createdAt: LessThan(before) },
      order: { id: 'ASC' },
      take: limit,
    });
    return found.map((row) => row.id);
  }

  private async append(
    change: (
      tx: EntityManager,
    ) => Promise<
      { id: number; kind: Exclude<AuditChainKind, 'anchor'>; row?: MagicLinkAudit; locked?: boolean } | undefined
    >,
  ): Promise<boolean> {
    const appended = await this.lock.run(async (tx) => {
      const changed = await change(tx);
      if (!changed) return false;
      // Hash what the database holds, read back the way verify reads it, not what was sent.
      const row = changed.row ?? (await tx.findOneByOrFail(MagicLinkAudit, { id: changed.id }));
      // The lock only now: the row's update and read-back above need no lock but their own row's.
      if (!changed.locked) await this.lock.acquire(tx);
      const head = await this.head(tx);
      const entry = tx.create(AuditChainEntry, {
        seq: head.seq + 1,
        kind: changed.kind,
        auditId: row.id,
        outcome: row.outcome,
        prevHash: head.hash,
        // Whole milliseconds, as stored, so the hash is over the value read back.
        createdAt: new Date(Date.now()),
      });
      entry.rowHash = entryHash(head.hash, { ...entry, kind: changed.kind, outcome: row.outcome }, row);
      if (this.sql) await this.sql.entries.insert(tx, entry, 'seq');
      else await tx.insert(AuditChainEntry, entry);
      return true;
    });
    if (appended) for (const listener of this.listeners) listener();
    return appended;
  }
}
