import { NomosPortalError } from '../errors/index.js';

/**
 * The audit row could not be written or completed, so the request must fail without handing out a
 * link (invariant 1). The message never contains row data; the driver error is kept as `cause`.
 */
export class AuditWriteError extends NomosPortalError {}

/** A filter or cursor passed to `AuditService.query` is malformed; the message names the field. */
export class InvalidAuditQueryError extends NomosPortalError {
  constructor(
    /** The filter field that failed (`limit`, `after`, `outcome`, `from`, `to`, …). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
