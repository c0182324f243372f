/**
 * The signed-in person as the portal needs them. Kept small because it lives in the session.
 * The SAML part fills it from the assertion; a host with its own SSO can fill it any way it likes.
 */
export interface PortalUser {
  /**
   * The person's immutable subject at {@link PortalUser.issuer}: with the issuer, the key of the
   * customer mapping and the audit. Never a name that can change hands (see `userName`).
   */
  id: string;
  /**
   * Who vouches for `id`: the IdP's entity id when the SAML part signed the person in. Absent from a
   * host's own resolver, `SignedInGuard` fills it with `portal.issuer` (default `'app'`), so every
   * part downstream has it.
   */
  issuer?: string;
  /** The name the person signs in with (UPN, email, NameID): shown and audited, mutable, may be recycled. */
  userName?: string;
  /** How and when the IdP authenticated the person, from the verified assertion; for the audit. */
  authn?: PortalUserAuthn;
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

/** How the IdP authenticated a person (SAML AuthnStatement), as the audit records it. */
export interface PortalUserAuthn {
  /** The IdP's SessionIndex of the session the person signed in with. */
  sessionIndex?: string;
  /** When the IdP authenticated the person (AuthnInstant), as an ISO 8601 UTC timestamp. */
  authnInstant?: string;
  /** The AuthnContextClassRef (e.g. `urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport`). */
  contextClass?: string;
  /** The authentication methods the IdP names (Entra's `authnmethodsreferences` claim). */
  methods?: string[];
}

/** Reads the signed-in person from an HTTP request; `undefined` means nobody is signed in. */
export interface PortalUserResolver {
  resolve(request: unknown): PortalUser | undefined | Promise<PortalUser | undefined>;
}

/** Injection token of the active {@link PortalUserResolver}. */
export const PORTAL_USER_RESOLVER = Symbol('PORTAL_USER_RESOLVER');

/**
 * Default resolver: `request.user`, as set by passport (and so by the SAML strategy), when it has
 * an `id`. A numeric id is accepted too: `SignedInGuard` turns it into its decimal string, and
 * refuses an id of any other type with `INVALID_USER`.
 */
export const requestUserResolver: PortalUserResolver = {
  resolve(request) {
    const user = (request as { user?: unknown }).user as { id?: unknown } | undefined;
    const id = typeof user === 'object' && user !== null ? user.id : undefined;
    return id === undefined || id === null || id === '' ? undefined : (user as PortalUser);
  },
};
