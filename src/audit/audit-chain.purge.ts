import { Between, In, LessThanOrEqual, MoreThan, MoreThanOrEqual } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH } from './audit-canonical.js';
import { AuditChainEntry } from './audit-chain.entity.js';
import type { AuditChainLock } from './audit-chain-lock.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

/** Entries removed per transaction: appends wait for one batch at most. */
export const PURGE_BATCH = 1000;

/**
 * Deletes, oldest first and `batchSize` entries per transaction under the chain lock, every chain
 * entry appended before `cutoff` and the audit rows they attest (a row an entry after the cutoff
 * still attests, e.g. a later `abandon`, stays). Each batch ends by replacing the purged range with
 * an anchor at its last seq that keeps that entry's hash, so the next entry's `prevHash` still
 * matches and the chain stays verifiable after every batch, even if the purge stops half-way.
 * Pending rows and rows from before the chain existed are never purged here.
 * @returns how many entries were purged
 */
export async function purgeChain(lock: AuditChainLock, cutoff: Date, batchSize = PURGE_BATCH): Promise<number> {
  let purged = 0;
  for (;;) {
    const count = await lock.run((tx) => purgeBatch(tx, cutoff, batchSize));
    purged += count;
    if (count < batchSize) return purged;
  }
}

async function purgeBatch(tx: EntityManager, cutoff: Date, batchSize: number): Promise<number> {
  const [first] = await tx.find(AuditChainEntry, { order: { seq: 'ASC' }, take: 1 });
  const anchorSeq = first?.kind === 'anchor' ? first.seq : 0;
  const legacyBoundary = first?.kind === 'anchor' ? first.auditId : 0;
  // Only a prefix of the chain can go: stop before the first entry that is still young.
  const [young] = await tx.find(AuditChainEntry, {
    where: { seq: MoreThan(anchorSeq), createdAt: MoreThanOrEqual(cutoff) },
    order: { seq: 'ASC' },
    take: 1,
  });
  const [head] = await tx.find(AuditChainEntry, { order: { seq: 'DESC' }, take: 1 });
  const stop = young ? young.seq - 1 : (head?.seq ?? 0);
  const last = Math.min(anchorSeq + batchSize, stop);
  if (last <= anchorSeq) return 0;
  const range = await tx.find(AuditChainEntry, { where: { seq: Between(anchorSeq + 1, last) } });
  // Never purge across a gap: that would bury the evidence of a deleted entry under the anchor.
  if (range.length !== last - anchorSeq) {
    throw new Error(`Audit purge refused: the chain has a gap before seq ${last}; run verify`);
  }
  const ids = [...new Set(range.map((e) => e.auditId).filter((id): id is number => id !== null))];
  const kept = ids.length
    ? await tx.find(AuditChainEntry, { select: { auditId: true }, where: { seq: MoreThan(last), auditId: In(ids) } })
    : [];
  const keep = new Set(kept.map((e) => e.auditId));
  const doomed = ids.filter((id) => !keep.has(id));
  if (doomed.length) await tx.delete(MagicLinkAudit, { id: In(doomed) });
  const lastHash = range.find((e) => e.seq === last)?.rowHash ?? GENESIS_HASH;
  await tx.delete(AuditChainEntry, { seq: LessThanOrEqual(last) });
  await tx.insert(AuditChainEntry, {
    seq: last,
    kind: 'anchor',
    auditId: legacyBoundary,
    outcome: null,
    prevHash: null,
    rowHash: lastHash,
    createdAt: new Date(),
  });
  return last - anchorSeq;
}
