// Who is asking: used by saml/ (which produces a PortalUser), portal/ and magic-links/; imports no part.
export { PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';
export { PORTAL_USER_RESOLVER, requestUserResolver, type PortalUser, type PortalUserResolver } from './portal-user.js';
export { isSafeReturnTo, toRelayState } from './return-to.js';
export { SignedInGuard } from './signed-in.guard.js';
