/** Audit trail of magic-link requests: entity, service, errors, types. */
export { MagicLinkAudit, AUDIT_CHANNELS, AUDIT_OUTCOMES } from './magic-link-audit.entity.js';
export type { AuditChannel, AuditOutcome } from './magic-link-audit.entity.js';
export { AuditService } from './audit.service.js';
export type { AuditBeginEntry, AuditCompletion, AuditPage, AuditQuery, AuditRecordEntry } from './audit.types.js';
export { AuditWriteError, InvalidAuditQueryError } from './audit.errors.js';
export { DEFAULT_AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE } from './audit-values.js';
