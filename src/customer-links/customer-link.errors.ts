import { NomosPortalError } from '../errors/index.js';

/**
 * The user is already linked to a different Nomos customer; unlink first to move them.
 * The message carries no ids (it may reach logs); the properties do, for the caller.
 * `code` is `CUSTOMER_LINK_CONFLICT` (answered 409).
 */
export class CustomerLinkConflictError extends NomosPortalError {
  readonly code = 'CUSTOMER_LINK_CONFLICT';
  constructor(
    /** The user whose link was asked for. */
    readonly userId: string,
    /** The customer the user is already linked to. */
    readonly existingCustomerId: string,
  ) {
    super('This user is already linked to a different Nomos customer; unlink the user first');
  }
}

/**
 * An argument failed validation; nothing was written. `field` names the offending argument.
 * `code` is `INVALID_CUSTOMER_LINK` (answered 400).
 */
export class InvalidCustomerLinkError extends NomosPortalError {
  readonly code = 'INVALID_CUSTOMER_LINK';
  constructor(
    /** The argument that failed (`userId`, `customerId`, `source` or `createdBy`). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The mapping table could not be read (database down, connection lost, table missing): a temporary
 * failure, answered 503 by the portal. The driver error is kept as `cause` only, since it may quote
 * query parameters (user ids). `code` is `DATABASE_UNAVAILABLE`.
 */
export class CustomerLinkStoreError extends NomosPortalError {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    super('The customer mapping could not be read: the database failed', options);
  }
}
