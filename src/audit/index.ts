// Audit trail of magic-link requests. Every name here is public (src/index.ts re-exports it);
// the cursor and value checks stay in their own files.
export { MagicLinkAudit, type AuditChannel, type AuditOutcome } from './magic-link-audit.entity.js';
export { AuditService } from './audit.service.js';
export type { AuditBeginEntry, AuditCompletion, AuditPage, AuditQuery, AuditRecordEntry } from './audit.types.js';
export { AuditWriteError, InvalidAuditQueryError } from './audit.errors.js';
export type { UnlinkedPeopleQuery, UnlinkedPerson } from './unlinked-people.js';
// The hash chain: entries, verify, checkpoints and their sinks.
export { AuditChainEntry, type AuditChainKind } from './audit-chain.entity.js';
export { AuditChainService } from './audit-chain.service.js';
export type { AuditChainHead } from './audit-chain.writer.js';
export type { AuditChainBadRow, AuditChainFault, AuditVerifyOptions, AuditVerifyReport } from './audit-chain.types.js';
export { canonicalEntry, chainHash, CANONICAL_VERSION, GENESIS_HASH } from './audit-canonical.js';
export {
  auditKeyId,
  checkpointPayload,
  checkpointSignatureValid,
  CHECKPOINT_VERSION,
  isCheckpoint,
  type AuditCheckpoint,
} from './audit-checkpoint.js';
export {
  FileCheckpointSink,
  HttpCheckpointSink,
  LogCheckpointSink,
  readLastCheckpoint,
  type AuditCheckpointSink,
  type HttpCheckpointSinkOptions,
} from './audit-checkpoint.sinks.js';
export type { AuditCheckpointSinkOption, AuditOptions, ResolvedAuditOptions } from './audit.options.js';
