import { NomosPortalError } from '../errors/index.js';

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

/**
 * The signed-in person's user id cannot be a mapping key (empty, over 255 characters, control
 * characters, malformed Unicode), so nothing was looked up. Audited `denied` / `INVALID_USER`; the
 * portal answers 400. The message never contains the id.
 */
export class InvalidUserError extends NomosPortalError {
  readonly code = 'INVALID_USER';
  constructor(reason: string) {
    super(`The signed-in user id cannot be used: ${reason}`);
  }
}

/**
 * The person went away (their HTTP connection closed) before the link could be handed over. Nothing
 * was sent; the audit row says `abandoned` when Nomos had minted a link, `failed` when it had not.
 */
export class ClientDisconnectedError extends NomosPortalError {
  readonly code = 'CLIENT_DISCONNECTED';
  constructor() {
    super('The client disconnected before the link could be delivered');
  }
}
