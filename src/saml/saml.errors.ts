import { NomosPortalError } from '../errors/index.js';

/**
 * A SAML message was refused. `reason` is safe to log: it never contains the message's content.
 */
export class SamlLoginRejectedError extends NomosPortalError {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`SAML response refused: ${reason}`, options);
  }
}

/** The ACS body is larger than `saml.maxResponseBytes`. */
export class SamlResponseTooLargeError extends NomosPortalError {
  constructor(readonly limit: number) {
    super(`SAML response larger than ${limit} bytes`);
  }
}

/**
 * A logout message (or a logout request without one) was refused. `reason` is safe to log: it
 * never contains the message's content.
 */
export class SamlLogoutRejectedError extends NomosPortalError {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`SAML logout refused: ${reason}`, options);
  }
}
