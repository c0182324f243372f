import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ValueTransformer } from 'typeorm';
import { UTC_INSTANT } from '../common/utc-instant.js';
import type { AuditOutcome } from './magic-link-audit.entity.js';

/**
 * What a chain entry attests: `complete` (an audit row as it was completed), `abandon` (the row's one
 * later change, `issued` → `abandoned`), or `anchor` (where the chain starts: seq 0 after the
 * migration, or the last purged entry after a retention purge, keeping that entry's hash).
 */
export type AuditChainKind = 'complete' | 'abandon' | 'anchor';

// PostgreSQL returns bigint as a string; sequence numbers stay far below 2^53.
const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/**
 * One link of the audit hash chain (table `nomos_audit_chain`): `rowHash = SHA-256(prevHash ||
 * canonical entry)` (see `audit-canonical.ts`). Kept apart from `nomos_magic_link_audit` so that the
 * audit row's one legitimate change after completion (`abandon`) appends a new link instead of
 * rewriting an old one, and so that a retention purge can leave an anchor behind. `seq` is assigned
 * under the chain lock at completion time, gap-free; a gap is a deleted link.
 */
@Entity({ name: 'nomos_audit_chain' })
@Index('IDX_nomos_audit_chain_audit_id', ['auditId'])
@Index('IDX_nomos_audit_chain_created_at', ['createdAt'])
export class AuditChainEntry {
  /** Position in the chain: the anchor's seq, then +1 per entry. */
  @PrimaryColumn({
    name: 'seq',
    type: 'bigint',
    transformer: bigintNumber,
    primaryKeyConstraintName: 'PK_nomos_audit_chain',
  })
  seq!: number;

  /** What the entry attests. */
  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: AuditChainKind;

  /**
   * The audit row attested; on an `anchor`, the highest audit id that existed when the chain was
   * introduced (older completed rows were never chained and verify counts them as legacy).
   */
  @Column({ name: 'audit_id', type: 'integer', nullable: true })
  auditId!: number | null;

  /** The row's outcome this entry attests (`null` on an anchor). */
  @Column({ name: 'outcome', type: 'varchar', length: 16, nullable: true })
  outcome!: AuditOutcome | null;

  /** `rowHash` of the entry before (hex); `null` on an anchor. */
  @Column({ name: 'prev_hash', type: 'character', length: 64, nullable: true })
  prevHash!: string | null;

  /** SHA-256 (hex) of `prevHash` and this entry's canonical form; an anchor keeps the hash it replaced. */
  @Column({ name: 'row_hash', type: 'character', length: 64 })
  rowHash!: string;

  /** When the entry was appended (epoch milliseconds); retention purges by it. */
  @Column({ name: 'created_at', ...UTC_INSTANT })
  createdAt!: Date;
}
