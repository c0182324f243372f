import type { KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditChainHead } from './audit-chain.writer.js';

/**
 * Why verify stopped at a row:
 * - `seq-gap`: the entry with this seq is missing (deleted);
 * - `prev-mismatch`: the entry does not point at the hash of the one before (deleted, inserted or reordered);
 * - `hash-mismatch`: the audit row (or the entry) no longer hashes to what was chained (edited);
 * - `row-missing`: the entry's audit row is gone (deleted);
 * - `outcome-mismatch`: the row's outcome differs from what the chain says it became (edited);
 * - `bad-entry`: the entry itself is malformed (an anchor in the middle, an unknown kind);
 * - `unchained-row`: a completed audit row that no entry attests (inserted);
 * - `truncated`: the chain ends before the checkpoint's head (newest rows deleted);
 * - `checkpoint-mismatch`: the chain was rewritten consistently up to the checkpoint's head, whose
 *   hash now differs (the rewrite lies at or before this seq; an older checkpoint narrows it down);
 * - `anchor-mismatch`: the chain starts elsewhere than the checkpoint says (rows deleted from its
 *   start, or a purge after the checkpoint: verify against the checkpoint written after the purge).
 */
export type AuditChainFault =
  | 'seq-gap'
  | 'prev-mismatch'
  | 'hash-mismatch'
  | 'row-missing'
  | 'outcome-mismatch'
  | 'bad-entry'
  | 'unchained-row'
  | 'truncated'
  | 'checkpoint-mismatch'
  | 'anchor-mismatch';

/** The first row verify found wrong. */
export interface AuditChainBadRow {
  /** The chain position, when the fault has one (all but `unchained-row`). */
  seq?: number;
  /** The audit row's id, when known. */
  auditId?: number;
  reason: AuditChainFault;
  /** One sentence for a person; never row content. */
  message: string;
}

/** What verify found. `ok` only when no row is bad and any checkpoint given matched. */
export interface AuditVerifyReport {
  ok: boolean;
  /** Entries checked after the anchor. */
  rowsChecked: number;
  /** The last entry verified (the chain's head when `ok`). */
  head: AuditChainHead;
  /** Where the chain starts (seq 0 and the zero hash until a purge). */
  anchor: AuditChainHead;
  /** Completed rows at or below this audit id predate the chain and are not attested. */
  legacyBoundary: number;
  /** The first bad row, in chain order; unchained rows are looked for once the chain is sound. */
  firstBad?: AuditChainBadRow;
  /** The checkpoint's verdict, when one was given. */
  checkpoint?: {
    /** `unchecked`: verify stopped at a bad row before reaching the checkpoint's head. */
    status: 'matched' | 'bad-signature' | 'mismatch' | 'unchecked';
    headSeq: number;
    time: number;
    keyId: string;
  };
}

/** Options of `AuditChainService.verify`. */
export interface AuditVerifyOptions {
  /** The last checkpoint from the sink (e.g. `readLastCheckpoint(file)`); without it only the chain is checked. */
  checkpoint?: AuditCheckpoint;
  /** Public key to check the checkpoint with. @default the public half of `audit.signingKey` */
  publicKey?: KeyObject | string;
  /** Entries read per query (memory stays flat whatever the table's size). @default 1000 */
  batchSize?: number;
}
