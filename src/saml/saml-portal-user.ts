import type { Profile } from '@node-saml/node-saml';
import type { PortalUser, PortalUserAuthn } from '../identity/index.js';
import type { AssertionAuthnFacts } from './assertion-authn.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlLoginRejectedError } from './saml.errors.js';

/** Entra's stand-in for the groups claim when a person is in more groups than a token holds. */
export const ENTRA_GROUPS_OVERAGE_CLAIM = 'http://schemas.microsoft.com/claims/groups.link';

// The subject is a database key (255 columns); names and methods are for display and the audit.
const MAX_ID_CHARS = 255;
const MAX_METHOD_CHARS = 255;
const MAX_METHODS = 16;

/** What the session user is built from: the SAML settings it reads. */
export type PortalUserSettings = Pick<ResolvedSamlOptions, 'attributes' | 'portalRoles' | 'adminRoles'>;

/**
 * The session user from a profile whose assertion node-saml verified and whose issuer was checked
 * to be the configured IdP: keyed by (issuer, subject), with the sign-in name and the
 * AuthnStatement beside it.
 * @throws SamlLoginRejectedError without a usable subject, or on a group overage when roles are used
 */
export function portalUserFromProfile(
  profile: Profile,
  authnFacts: AssertionAuthnFacts,
  { attributes, portalRoles, adminRoles }: PortalUserSettings,
): PortalUser {
  const given = (profile.attributes ?? {}) as Record<string, unknown>;
  const values = (name: string): string[] => {
    const raw = name === 'nameID' ? profile.nameID : (given[name] ?? profile[name]);
    return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
  };
  const id = values(attributes.subject)[0];
  if (!id || id.length > MAX_ID_CHARS) throw new SamlLoginRejectedError(`no usable user id in ${attributes.subject}`);
  const rolesMatter = portalRoles.length > 0 || adminRoles.length > 0;
  // Without the groups, "no role" would be a guess: refuse rather than sign the person in wrongly.
  if (rolesMatter && Object.keys(given).some((name) => name.trim() === ENTRA_GROUPS_OVERAGE_CLAIM)) {
    throw new SamlLoginRejectedError(
      'the IdP sent a group overage link instead of the groups; ' +
        "configure the app's group claim to send only groups assigned to the application",
    );
  }
  const roles = values(attributes.roles);
  const userName = values(attributes.userName)[0];
  return {
    id,
    issuer: profile.issuer,
    ...(userName && userName.length <= MAX_ID_CHARS ? { userName } : {}),
    authn: authnOf(authnFacts, values(attributes.authnMethods)),
    email: values(attributes.email)[0],
    displayName: values(attributes.displayName)[0],
    roles,
    portalAccess: portalRoles.length === 0 || roles.some((r) => portalRoles.includes(r)),
    isAdmin: roles.some((r) => adminRoles.includes(r)),
    saml: {
      issuer: profile.issuer,
      nameID: profile.nameID,
      nameIDFormat: profile.nameIDFormat,
      sessionIndex: profile.sessionIndex,
      // node-saml puts these back on the LogoutRequest's NameID (AD FS may refuse one without them).
      ...(profile.nameQualifier ? { nameQualifier: profile.nameQualifier } : {}),
      ...(profile.spNameQualifier ? { spNameQualifier: profile.spNameQualifier } : {}),
    },
  };
}

function authnOf(facts: AssertionAuthnFacts, methodValues: string[]): PortalUserAuthn {
  const methods = methodValues.filter((method) => method.length <= MAX_METHOD_CHARS).slice(0, MAX_METHODS);
  return { ...facts, ...(methods.length > 0 ? { methods } : {}) };
}
