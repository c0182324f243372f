// Who is asking: used by saml/ (which produces a PortalUser), portal/ and magic-links/; imports no part.
// Public (re-exported by src/index.ts): the user type, the pluggable resolver and its token, the guard.
export { PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';
export { PORTAL_USER_RESOLVER, requestUserResolver, type PortalUser, type PortalUserResolver } from './portal-user.js';
export { isSafeReturnTo } from './return-to.js';
export { SignedInGuard } from './signed-in.guard.js';

// Internal to the package: for saml/'s RelayState, not re-exported by src/index.ts.
export { toRelayState } from './return-to.js';
