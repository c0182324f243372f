import { OptionChecks } from '../common/option-checks.js';
import type { PortalUserResolver } from './portal-user.js';
import { requestUserResolver } from './portal-user.js';

/** How the signed-in person is found (set under `portal` in the module options). */
export interface IdentityOptions {
  /**
   * Reads the signed-in person from the request; replace it to plug in the host's own authentication.
   * @default reads `request.user` (what passport and the SAML part set)
   */
  resolveUser?: PortalUserResolver;
}

/** {@link IdentityOptions} after defaults and validation; the resolver is provided as `PORTAL_USER_RESOLVER`. */
export interface ResolvedIdentityOptions {
  resolveUser: PortalUserResolver;
}

/**
 * Applies the default resolver and checks a given one.
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError when `resolveUser` has no `resolve` method
 */
export function resolveIdentityOptions(raw: IdentityOptions, path = 'portal'): ResolvedIdentityOptions {
  if (raw.resolveUser !== undefined && typeof raw.resolveUser?.resolve !== 'function') {
    new OptionChecks(path).fail('resolveUser', 'must be an object with a resolve(request) method');
  }
  return { resolveUser: raw.resolveUser ?? requestUserResolver };
}
