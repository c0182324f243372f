import { NomosPortalError } from '../errors/index.js';

/**
 * Nobody is signed in; the portal answers with a sign-in redirect (browsers) or a 401 (API callers).
 * `code` is `SIGN_IN_REQUIRED`.
 */
export class SignInRequiredError extends NomosPortalError {
  readonly code = 'SIGN_IN_REQUIRED';
  constructor() {
    super('Sign-in required');
  }
}

/**
 * Signed in, but none of the person's roles may use the portal (`saml.portalRoles`).
 * `code` is `NO_PORTAL_ACCESS` (403).
 */
export class PortalAccessDeniedError extends NomosPortalError {
  readonly code = 'NO_PORTAL_ACCESS';
  constructor() {
    super('No access to the energy portal');
  }
}

/**
 * Somebody is signed in, but the sign-in gave a person whose `id` is neither a string nor a whole
 * number (an object, a fraction), so it cannot key the customer mapping. `code` is `INVALID_USER`
 * (400). The message names the id's type only, never its value.
 */
export class InvalidPortalUserError extends NomosPortalError {
  readonly code = 'INVALID_USER';
  constructor(readonly idType: string) {
    super(`The signed-in person's id is of type ${idType}, not a string or a whole number`);
  }
}
