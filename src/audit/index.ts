// Audit trail of magic-link requests. Every name here is public (src/index.ts re-exports it);
// the cursor and value checks stay in their own files.
export { MagicLinkAudit, type AuditChannel, type AuditOutcome } from './magic-link-audit.entity.js';
export { AuditService } from './audit.service.js';
export type { AuditBeginEntry, AuditCompletion, AuditPage, AuditQuery, AuditRecordEntry } from './audit.types.js';
export { AuditWriteError, InvalidAuditQueryError } from './audit.errors.js';
export type { UnlinkedPeopleQuery, UnlinkedPerson } from './unlinked-people.js';
