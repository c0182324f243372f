import { NomosPortalError } from '../errors/index.js';

/**
 * The audit row could not be written or completed, so the request must fail without handing out a
 * link (invariant 1). The message never contains row data; the driver error is kept as `cause`.
 * `code` is `AUDIT_UNAVAILABLE` (answered 503).
 */
export class AuditWriteError extends NomosPortalError {
  readonly code = 'AUDIT_UNAVAILABLE';
}

/**
 * A filter or cursor passed to `AuditService.query` is malformed; the message names the field.
 * `code` is `INVALID_AUDIT_QUERY` (answered 400 on a host route that uses the exception filter).
 */
export class InvalidAuditQueryError extends NomosPortalError {
  readonly code = 'INVALID_AUDIT_QUERY';
  constructor(
    /** The filter field that failed (`limit`, `after`, `outcome`, `from`, `to`, …). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
