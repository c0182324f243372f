import { NomosPortalError } from '../nomos-portal.errors.js';

/** The person has no Nomos customer mapped to their app user id. */
export class CustomerNotLinkedError extends NomosPortalError {
  readonly code = 'CUSTOMER_NOT_LINKED';
  constructor() {
    super('No energy account is linked to this user yet');
  }
}

/**
 * Nomos could not mint a link. Carries what is safe to show (code, Nomos request id), never the
 * upstream body. `retryable` tells whether trying again later may help (timeouts, 429, 5xx).
 */
export class MagicLinkUnavailableError extends NomosPortalError {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    readonly nomosRequestId?: string,
    options?: { cause?: unknown },
  ) {
    super(`The energy portal is unavailable (${code})`, options);
  }
}

/** Nomos answered with a link we refuse to send anyone to (not https, foreign host, no token). */
export class PortalLinkRejectedError extends NomosPortalError {
  readonly code = 'INVALID_PORTAL_LINK';
  constructor(reason: string) {
    super(`Nomos returned a link that is not a portal link: ${reason}`);
  }
}
