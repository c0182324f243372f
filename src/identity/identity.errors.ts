import { NomosPortalError } from '../errors/index.js';

/** Nobody is signed in; the portal answers with a sign-in redirect (browsers) or a 401 (API callers). */
export class SignInRequiredError extends NomosPortalError {
  constructor() {
    super('Sign-in required');
  }
}

/** Signed in, but none of the person's roles may use the portal (`saml.portalRoles`). */
export class PortalAccessDeniedError extends NomosPortalError {
  constructor() {
    super('No access to the energy portal');
  }
}
