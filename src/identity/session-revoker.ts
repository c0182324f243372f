import type { PersonKey } from './person-key.js';

/**
 * Ends every session of a person, on every replica: what deprovisioning needs beside suspending the
 * mapping. The SAML part provides one over its session table; with `sso: 'none'` the sessions are
 * the host's, and this ends none (the suspended mapping still refuses every link).
 */
export interface PortalSessionRevoker {
  /** @returns how many sessions were ended */
  revoke(person: PersonKey): Promise<number>;
}

/** Injection token of the active {@link PortalSessionRevoker}. */
export const PORTAL_SESSION_REVOKER = Symbol('NOMOS_PORTAL_SESSION_REVOKER');

/** The revoker of a module without sessions of its own. */
export const noSessionRevoker: PortalSessionRevoker = { revoke: async () => 0 };
