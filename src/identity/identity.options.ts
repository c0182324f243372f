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
  /**
   * Who vouches for the people a host's own resolver returns without an `issuer`, and for a person
   * named by a bare subject in `CustomerLinkService`: with the subject, the key of the mapping. Set
   * it to your identity provider's id when you bring your own sign-in; with the SAML part, people
   * carry the IdP's entity id and that is the default.
   * @default the SAML IdP's entity id with `sso: 'saml'`, `'app'` with `sso: 'none'`
   */
  issuer?: string;
}

/** {@link IdentityOptions} after defaults and validation; the resolver is provided as `PORTAL_USER_RESOLVER`. */
export interface ResolvedIdentityOptions {
  resolveUser: PortalUserResolver;
  /** `undefined`: not set (the sign-in's own issuer then, see {@link IdentityOptions.issuer}). */
  issuer: string | undefined;
}

/** The issuer of people a host's own sign-in vouches for, when `portal.issuer` is not set. */
export const APP_ISSUER = 'app';

// eslint-disable-next-line no-control-regex -- refuses C0 controls, DEL and C1 controls
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Applies the default resolver and checks a given one.
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError when `resolveUser` has no `resolve` method
 */
export function resolveIdentityOptions(raw: IdentityOptions, path = 'portal'): ResolvedIdentityOptions {
  if (raw.resolveUser !== undefined && typeof raw.resolveUser?.resolve !== 'function') {
    new OptionChecks(path).fail('resolveUser', 'must be an object with a resolve(request) method');
  }
  const checks = new OptionChecks(path);
  const issuer = raw.issuer === undefined ? undefined : checks.text(raw.issuer, 'issuer');
  if (issuer !== undefined && (issuer.length > 1024 || CONTROL_CHARACTER.test(issuer)))
    checks.fail('issuer', 'must be at most 1024 characters without control characters');
  return { resolveUser: raw.resolveUser ?? requestUserResolver, issuer };
}
