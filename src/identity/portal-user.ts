/**
 * The signed-in person as the portal needs them. Kept small because it lives in the session.
 * The SAML part fills it from the assertion; a host with its own SSO can fill it any way it likes.
 */
export interface PortalUser {
  /** Stable app user id: the key of the customer mapping. */
  id: string;
  email?: string;
  displayName?: string;
  roles?: string[];
  /** False when the person is signed in but has none of the roles allowed to use the portal. */
  portalAccess?: boolean;
  /** True for people with an admin role (e.g. to read the audit trail). */
  isAdmin?: boolean;
  /**
   * What single logout needs to name the IdP session; set by the SAML part. The NameID's qualifiers
   * are kept when the IdP sent them, because a LogoutRequest must name the NameID exactly as issued.
   */
  saml?: {
    issuer: string;
    nameID: string;
    nameIDFormat: string;
    sessionIndex?: string;
    nameQualifier?: string;
    spNameQualifier?: string;
  };
}

/** Reads the signed-in person from an HTTP request; `undefined` means nobody is signed in. */
export interface PortalUserResolver {
  resolve(request: unknown): PortalUser | undefined | Promise<PortalUser | undefined>;
}

/** Injection token of the active {@link PortalUserResolver}. */
export const PORTAL_USER_RESOLVER = Symbol('PORTAL_USER_RESOLVER');

/** Default resolver: `request.user`, as set by passport (and so by the SAML strategy). */
export const requestUserResolver: PortalUserResolver = {
  resolve(request) {
    const user = (request as { user?: unknown }).user as Partial<PortalUser> | undefined;
    return user && typeof user.id === 'string' && user.id.length > 0 ? (user as PortalUser) : undefined;
  },
};
