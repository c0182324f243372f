import { NomosPortalError } from '../errors/index.js';

/**
 * The signed-in person is in none of `admin.groups`. `code` is `ADMIN_ACCESS_DENIED` (answered 403).
 * The message names no group and no person: it may reach logs.
 */
export class AdminAccessDeniedError extends NomosPortalError {
  readonly code = 'ADMIN_ACCESS_DENIED';
  constructor() {
    super('Admin access needs membership of one of admin.groups');
  }
}

/**
 * A state-changing admin request a web page could have sent on the admin's behalf (CSRF): no
 * `X-Nomos-Admin` header, the wrong content type, a cross-site `Sec-Fetch-Site` or a foreign `Origin`.
 * Refused before anything is read or written. `code` is `ADMIN_REQUEST_REFUSED` (answered 403).
 */
export class AdminRequestRefusedError extends NomosPortalError {
  readonly code = 'ADMIN_REQUEST_REFUSED';
  constructor(
    /** Why, for the log line (fixed text, never request content). */
    readonly reason: string,
  ) {
    super(`Admin request refused: ${reason}`);
  }
}

/**
 * An admin request with an unusable parameter (a mode, a limit, a filter, a missing column); nothing
 * was changed. `code` is `INVALID_ADMIN_REQUEST` (answered 400); the message names the parameter.
 */
export class InvalidAdminRequestError extends NomosPortalError {
  readonly code = 'INVALID_ADMIN_REQUEST';
  constructor(
    /** The parameter that failed. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An import body larger than `admin.maxImportBytes`; it was not read further and, in
 * `all-or-nothing` mode, nothing was written. `code` is `ADMIN_IMPORT_TOO_LARGE` (answered 413).
 */
export class AdminImportTooLargeError extends NomosPortalError {
  readonly code = 'ADMIN_IMPORT_TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`The import is larger than admin.maxImportBytes (${maxBytes} bytes)`);
  }
}
