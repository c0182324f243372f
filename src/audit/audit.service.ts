import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EntitySql } from '../common/entity-sql.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';
import { identityColumns } from './audit-identity-values.js';
import { assertChannel, checkQuery, clip, completionColumns } from './audit-values.js';
import { AuditWriteError } from './audit.errors.js';
import type { AuditBeginEntry, AuditCompletion, AuditPage, AuditQuery, AuditRecordEntry } from './audit.types.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';
import type { UnlinkedPeopleQuery, UnlinkedPerson } from './unlinked-people.js';
import { unlinkedPeople } from './unlinked-people.js';

/**
 * The append-only trail of magic-link requests (invariant 1): a row is written `pending` before
 * Nomos is called and completed exactly once. Write failures surface as {@link AuditWriteError} so
 * the caller can refuse to hand out the link.
 *
 * With the chain writer (always, inside the module) every completion, recorded row and abandon
 * appends to the hash chain in the same transaction (see `AuditChainWriter`); constructed with the
 * repository alone, as unit tests do, rows are written unchained.
 */
@Injectable()
export class AuditService {
  /** The click path's statements (SQLite, PostgreSQL); `undefined`: through the repository. */
  private readonly sql?: EntitySql<MagicLinkAudit>;

  constructor(
    @InjectRepository(MagicLinkAudit) private readonly rows: Repository<MagicLinkAudit>,
    @Optional() private readonly chain?: AuditChainWriter,
  ) {
    this.sql = EntitySql.of(rows.manager, MagicLinkAudit);
  }

  /**
   * Inserts a `pending` row for a request that is about to call Nomos.
   * @param options.attemptCounted the row starts with one mint call counted, the durable count of
   *   {@link countAttempt} for the first call, written in the same insert (one write fewer per click)
   * @throws AuditWriteError when the entry is malformed or the row cannot be written
   */
  async begin(entry: AuditBeginEntry, options: { attemptCounted?: boolean } = {}): Promise<MagicLinkAudit> {
    const mintAttempts = options.attemptCounted === true ? 1 : 0;
    const row = this.rows.create({ ...beginColumns(entry), outcome: 'pending', mintAttempts });
    const sql = this.sql;
    await this.write('begin', async () => {
      if (sql) row.id = await sql.insert(this.rows.manager, row, 'id');
      else await this.rows.insert(row);
    });
    return row;
  }

  /**
   * Counts one more mint call on a `pending` row, durably, before that call is sent: a process that
   * dies after sending still leaves every call it made in the audit (invariant 1), at worst one
   * that never left (the row stays `pending` and is reconciled as `abandoned`).
   * @throws AuditWriteError when there is no pending row with this id or the database fails
   */
  async countAttempt(id: number): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new AuditWriteError('Audit count refused: id must be a positive integer');
    const counted = await this.write('count', async () => {
      const where = { id, outcome: 'pending' as const };
      if (this.sql) return (await this.sql.update(this.rows.manager, where, {}, { increment: 'mintAttempts' })) === 1;
      const result = await this.rows.increment(where, 'mintAttempts', 1);
      return result.affected === 1;
    });
    if (!counted) throw new AuditWriteError('Audit count failed: no pending audit row with this id');
  }

  /**
   * Completes a `pending` row; a row is completed once only.
   * @throws AuditWriteError when the row is unknown or already completed, the result is malformed, or
   *   the database fails
   */
  async complete(id: number, result: AuditCompletion): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new AuditWriteError('Audit completion refused: id must be a positive integer');
    const values = completionColumns(result);
    // The outcome condition makes completion single-shot even between replicas.
    const done = await this.write('complete', () => this.change({ id, outcome: 'pending' }, values, 'complete'));
    if (!done) {
      throw new AuditWriteError('Audit completion failed: no pending audit row with this id');
    }
  }

  /**
   * Turns an `issued` row into `abandoned`: the one change allowed after completion, for a person who
   * went away while the completion was being written, so the link was never sent. Keeps "links
   * written == `issued` rows" exact. Only `issued` rows change, once.
   * @throws AuditWriteError when there is no issued row with this id or the database fails
   */
  async abandon(id: number): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new AuditWriteError('Audit abandon refused: id must be a positive integer');
    const done = await this.write('abandon', () =>
      this.change({ id, outcome: 'issued' }, { outcome: 'abandoned' }, 'abandon'),
    );
    if (!done) throw new AuditWriteError('Audit abandon failed: no issued audit row with this id');
  }

  /**
   * Writes an already-completed row in one insert (e.g. `denied` before Nomos was called).
   * @throws AuditWriteError when the entry is malformed or the row cannot be written
   */
  async record(entry: AuditRecordEntry): Promise<MagicLinkAudit> {
    const begun = beginColumns(entry);
    const row = this.rows.create({ ...begun, ...completionColumns(entry), completedAt: begun.createdAt });
    await this.write('record', async () => {
      if (this.chain) await this.chain.insert(row);
      else await this.rows.insert(row);
    });
    return row;
  }

  /**
   * Rows matching `filter`, newest first, one page at a time. Paging is keyset on `id`: rows inserted
   * while paging get higher ids, so they never shift or repeat rows on the pages that follow.
   * @throws InvalidAuditQueryError when the filter or the `after` cursor is malformed
   */
  async query(filter: AuditQuery = {}): Promise<AuditPage> {
    const checked = checkQuery(filter);
    const belowId = filter.after === undefined ? undefined : decodeAuditCursor(filter.after);
    const qb = this.rows.createQueryBuilder('audit');
    if (checked.issuer !== undefined) qb.andWhere('audit.issuer = :issuer', { issuer: checked.issuer });
    if (checked.userId !== undefined) qb.andWhere('audit.userId = :userId', { userId: checked.userId });
    if (checked.customerId !== undefined)
      qb.andWhere('audit.customerId = :customerId', { customerId: checked.customerId });
    if (checked.outcome !== undefined) qb.andWhere('audit.outcome = :outcome', { outcome: checked.outcome });
    if (checked.from) qb.andWhere('audit.createdAt >= :from', { from: checked.from.getTime() });
    if (checked.to) qb.andWhere('audit.createdAt < :to', { to: checked.to.getTime() });
    if (belowId !== undefined) qb.andWhere('audit.id < :belowId', { belowId });
    // One extra row tells whether another page exists without a COUNT.
    const found = await qb
      .orderBy('audit.id', 'DESC')
      .limit(checked.limit + 1)
      .getMany();
    const items = found.slice(0, checked.limit);
    return found.length > checked.limit ? { items, next: encodeAuditCursor(items[items.length - 1].id) } : { items };
  }

  /**
   * The people refused for want of a linked customer (`CUSTOMER_NOT_LINKED`, or `IDENTITY_NAME_REUSED`
   * for a recycled sign-in name) who have not got a link since, latest attempt first.
   * @throws InvalidAuditQueryError when `from` or `limit` is malformed
   */
  unlinkedPeople(query: UnlinkedPeopleQuery = {}): Promise<UnlinkedPerson[]> {
    return unlinkedPeople(this.rows, query);
  }

  private async change(
    where: { id: number; outcome: 'pending' | 'issued' },
    values: Partial<MagicLinkAudit>,
    kind: 'complete' | 'abandon',
  ): Promise<boolean> {
    if (this.chain) return this.chain.update(where, values, kind);
    return (await this.rows.update(where, values)).affected === 1;
  }

  private async write<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // The driver error may quote row values (user ids, IPs); keep it as cause only.
      throw new AuditWriteError(`Audit ${operation} failed: the database rejected the write`, { cause: error });
    }
  }
}

function beginColumns(entry: AuditBeginEntry): Partial<MagicLinkAudit> & { createdAt: Date } {
  assertChannel(entry.channel);
  return {
    createdAt: new Date(),
    completedAt: null,
    userId: clip(entry.userId, 255),
    ...identityColumns(entry),
    customerId: clip(entry.customerId, 64),
    channel: entry.channel,
    clientIp: clip(entry.clientIp, 64),
    userAgent: clip(entry.userAgent, 512),
    requestId: clip(entry.requestId, 128),
  };
}
