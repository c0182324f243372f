// Who is asking: used by saml/ (which produces a PortalUser), portal/ and magic-links/; imports no part.
// Public (re-exported by src/index.ts): the user type, the pluggable resolver and its token, the guard
// and the decorator (for any route, the host's own too).
export { CurrentPortalUser } from './current-portal-user.decorator.js';
export { InvalidPortalUserError, PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';
export { LEGACY_ISSUER, type PersonKey } from './person-key.js';
export {
  PORTAL_USER_RESOLVER,
  requestUserResolver,
  type PortalUser,
  type PortalUserAuthn,
  type PortalUserResolver,
} from './portal-user.js';
export { isSafeReturnTo } from './return-to.js';
export type { PortalSessionRevoker } from './session-revoker.js';
export { createSignupReference, readSignupReference, SIGNUP_REFERENCE_KEY } from './signup-reference.js';
export { SignedInGuard } from './signed-in.guard.js';

// Internal to the package: for saml/'s RelayState, and the guard's answers on every route (the
// root registers the filter as APP_FILTER); not re-exported by src/index.ts.
export { toRelayState } from './return-to.js';
export { SignedInExceptionFilter } from './signed-in.filter.js';
export { noSessionRevoker, PORTAL_SESSION_REVOKER } from './session-revoker.js';
export { personKeyHash } from './person-key.js';
