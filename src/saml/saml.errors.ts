import { NomosPortalError } from '../errors/index.js';

/**
 * A SAML message was refused. `reason` is safe to log: it never contains the message's content.
 * `code` is `SAML_SIGN_IN_REJECTED` (answered 401).
 */
export class SamlLoginRejectedError extends NomosPortalError {
  readonly code = 'SAML_SIGN_IN_REJECTED';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`SAML response refused: ${reason}`, options);
  }
}

/**
 * A logout message (or a logout request without one) was refused. `reason` is safe to log: it
 * never contains the message's content. `code` is `SAML_LOGOUT_REJECTED` (answered 400).
 */
export class SamlLogoutRejectedError extends NomosPortalError {
  readonly code = 'SAML_LOGOUT_REJECTED';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`SAML logout refused: ${reason}`, options);
  }
}

/**
 * More requests from one client than `saml.rateLimit` allows. `code` is `SAML_RATE_LIMITED`,
 * answered 429 with `Retry-After: retryAfterSeconds`.
 */
export class SamlRateLimitedError extends NomosPortalError {
  readonly code = 'SAML_RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super('Too Many Requests');
  }
}

/**
 * The login route refused: `saml.maxPendingLogins` logins are outstanding. `code` is
 * `SAML_LOGIN_BUSY`, answered 503 with `Retry-After: retryAfterSeconds`.
 */
export class SamlLoginBusyError extends NomosPortalError {
  readonly code = 'SAML_LOGIN_BUSY';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many logins are outstanding; try again later');
  }
}
