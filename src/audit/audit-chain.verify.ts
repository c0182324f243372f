import { In, MoreThan } from 'typeorm';
import type { Repository } from 'typeorm';
import { entryHash, GENESIS_HASH } from './audit-canonical.js';
import { AuditChainEntry } from './audit-chain.entity.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditChainBadRow, AuditChainFault, AuditVerifyReport } from './audit-chain.types.js';
import type { AuditChainHead } from './audit-chain.writer.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

const bad = (reason: AuditChainFault, message: string, at: Partial<AuditChainBadRow> = {}): AuditChainBadRow => ({
  ...at,
  reason,
  message,
});

/**
 * Walks the chain from its anchor in keyset batches of `batchSize` entries (two or three queries a
 * batch, memory flat in the table's size), stopping at the first bad entry; then, if the chain is
 * sound, looks for a completed row no entry attests. `checkpoint` must already be signature-checked.
 */
export async function walkChain(
  rows: Repository<MagicLinkAudit>,
  entries: Repository<AuditChainEntry>,
  batchSize: number,
  checkpoint?: AuditCheckpoint,
): Promise<Omit<AuditVerifyReport, 'ok' | 'checkpoint'> & { reachedCheckpoint: boolean }> {
  const [first] = await entries.find({ order: { seq: 'ASC' }, take: 1 });
  // A chain created without the migration's anchor starts at an implicit seq 0.
  const isAnchor = first?.kind === 'anchor';
  const anchor: AuditChainHead = isAnchor ? { seq: first.seq, hash: first.rowHash } : { seq: 0, hash: GENESIS_HASH };
  const legacyBoundary = isAnchor ? (first.auditId ?? 0) : 0;
  let head = anchor;
  let rowsChecked = 0;
  let reachedCheckpoint = false;
  const done = (firstBad?: AuditChainBadRow) => ({
    rowsChecked,
    head,
    anchor,
    legacyBoundary,
    firstBad,
    reachedCheckpoint,
  });

  if (checkpoint && (checkpoint.anchorSeq !== anchor.seq || checkpoint.anchorHash !== anchor.hash)) {
    const seq = Math.min(anchor.seq, checkpoint.anchorSeq + 1);
    return done(
      bad('anchor-mismatch', `The chain starts at seq ${anchor.seq}, not where the checkpoint says`, { seq }),
    );
  }
  for (;;) {
    const batch = await entries.find({ where: { seq: MoreThan(head.seq) }, order: { seq: 'ASC' }, take: batchSize });
    if (batch.length === 0) break;
    const ids = batch.map((e) => e.auditId).filter((id): id is number => id !== null);
    const byId = new Map((await rows.findBy({ id: In(ids) })).map((row) => [row.id, row]));
    const abandoned = await laterAbandons(entries, batch, byId);
    for (const entry of batch) {
      const at = { seq: entry.seq, ...(entry.auditId === null ? {} : { auditId: entry.auditId }) };
      if (entry.seq !== head.seq + 1) {
        return done(bad('seq-gap', `Entry ${head.seq + 1} of the chain is missing`, { seq: head.seq + 1 }));
      }
      if ((entry.kind !== 'complete' && entry.kind !== 'abandon') || entry.auditId === null || !entry.outcome) {
        return done(bad('bad-entry', `Entry ${entry.seq} is not a valid chain entry`, at));
      }
      if (entry.prevHash !== head.hash) {
        return done(bad('prev-mismatch', `Entry ${entry.seq} does not follow entry ${head.seq}`, at));
      }
      const row = byId.get(entry.auditId);
      if (!row) return done(bad('row-missing', `Audit row ${entry.auditId} (entry ${entry.seq}) is gone`, at));
      const kind = entry.kind;
      if (
        entryHash(head.hash, { seq: entry.seq, kind, createdAt: entry.createdAt, outcome: entry.outcome }, row) !==
        entry.rowHash
      ) {
        return done(bad('hash-mismatch', `Audit row ${row.id} (entry ${entry.seq}) differs from what was chained`, at));
      }
      const laterAbandon = kind === 'complete' && entry.outcome === 'issued' && abandoned.has(row.id);
      if (row.outcome !== entry.outcome && !(laterAbandon && row.outcome === 'abandoned')) {
        return done(
          bad(
            'outcome-mismatch',
            `Audit row ${row.id} (entry ${entry.seq}) has an outcome the chain never recorded`,
            at,
          ),
        );
      }
      if (checkpoint && entry.seq === checkpoint.headSeq) {
        if (entry.rowHash !== checkpoint.headHash) {
          return done(
            bad('checkpoint-mismatch', `The chain up to entry ${entry.seq} differs from the signed checkpoint`, at),
          );
        }
        reachedCheckpoint = true;
      }
      head = { seq: entry.seq, hash: entry.rowHash };
      rowsChecked++;
    }
  }
  if (checkpoint && head.seq < checkpoint.headSeq) {
    return done(
      bad('truncated', `The chain ends at entry ${head.seq}; the checkpoint saw ${checkpoint.headSeq}`, {
        seq: head.seq + 1,
      }),
    );
  }
  if (checkpoint && checkpoint.headSeq === anchor.seq) reachedCheckpoint = true;
  const unchained = await firstUnchainedRow(rows, legacyBoundary);
  return done(
    unchained === undefined
      ? undefined
      : bad('unchained-row', `Audit row ${unchained} is completed but no chain entry attests it`, {
          auditId: unchained,
        }),
  );
}

/** Ids of the batch's `issued` rows now `abandoned` that have an `abandon` entry after their completion. */
async function laterAbandons(
  entries: Repository<AuditChainEntry>,
  batch: AuditChainEntry[],
  byId: Map<number, MagicLinkAudit>,
): Promise<Set<number>> {
  const completedAt = new Map<number, number>();
  for (const e of batch) {
    const row = e.auditId === null ? undefined : byId.get(e.auditId);
    if (e.kind === 'complete' && e.outcome === 'issued' && row?.outcome === 'abandoned') completedAt.set(row.id, e.seq);
  }
  if (completedAt.size === 0) return new Set();
  const found = await entries.findBy({ kind: 'abandon', auditId: In([...completedAt.keys()]) });
  return new Set(found.filter((e) => e.seq > completedAt.get(e.auditId!)!).map((e) => e.auditId!));
}

/** The lowest id of a completed row above the legacy boundary with no chain entry at all. */
async function firstUnchainedRow(
  rows: Repository<MagicLinkAudit>,
  legacyBoundary: number,
): Promise<number | undefined> {
  const qb = rows.createQueryBuilder('audit');
  const attested = qb
    .subQuery()
    .select('1')
    .from(AuditChainEntry, 'entry')
    .where('entry.auditId = audit.id')
    .andWhere("entry.kind <> 'anchor'")
    .getQuery();
  const found = await qb
    .select('audit.id', 'id')
    .where("audit.outcome <> 'pending'")
    .andWhere('audit.id > :legacyBoundary', { legacyBoundary })
    .andWhere(`NOT EXISTS ${attested}`)
    .orderBy('audit.id', 'ASC')
    .limit(1)
    .getRawOne<{ id: number | string }>();
  return found === undefined ? undefined : Number(found.id);
}
