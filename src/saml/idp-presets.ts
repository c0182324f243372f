import type { ResolvedSamlAttributes } from './saml-attributes.options.js';

/** An identity provider whose attribute names `saml.idpPreset` knows. */
export type SamlIdpPreset = 'entra' | 'okta' | 'adfs' | 'keycloak' | 'google';

/** What a preset sets: attribute names, and the NameID format to ask for when the NameID is the subject. */
export interface SamlIdpPresetSettings {
  /** Attribute names; those left out keep the package defaults. */
  attributes: Partial<ResolvedSamlAttributes>;
  /** NameID format the AuthnRequest asks for, when the preset keys people by a persistent NameID. */
  nameIdFormat?: string;
}

/** NameID format of an opaque id the IdP keeps for one person and never hands to another. */
export const PERSISTENT_NAMEID_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

/** Frozen all the way down: the table is exported, and a host must not change it for everyone. */
function preset(settings: SamlIdpPresetSettings): SamlIdpPresetSettings {
  Object.freeze(settings.attributes);
  return Object.freeze(settings);
}

const SOAP_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const AUTHN_METHODS_CLAIM = 'http://schemas.microsoft.com/claims/authnmethodsreferences';

/**
 * Microsoft Entra ID. The object id claim is sent by default and never reassigned; the UPN arrives
 * as the `name` claim. Groups (object ids) are sent only once the enterprise app's group claim is
 * configured; over 150 groups Entra sends a link instead, which the sign-in refuses when roles are
 * used (send only the groups assigned to the application).
 */
const ENTRA = preset({
  attributes: {
    subject: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
    userName: `${SOAP_CLAIMS}/name`,
    email: `${SOAP_CLAIMS}/emailaddress`,
    displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
    roles: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    authnMethods: AUTHN_METHODS_CLAIM,
  },
});

/**
 * Okta. Okta's NameID is the application username, which can change, and Okta sends no attribute
 * unless told to: the admin adds the attribute statements `oktaUserId` = `user.id` (Okta's id of the
 * person, never reassigned), `email` = `user.email`, `displayName` = `user.displayName`, and a group
 * attribute statement `groups` with a filter for the groups the app needs.
 */
const OKTA = preset({
  attributes: {
    subject: 'oktaUserId',
    userName: 'nameID',
    email: 'email',
    displayName: 'displayName',
    roles: 'groups',
  },
});

/**
 * Active Directory Federation Services. AD FS sends only what the relying party trust's claim rules
 * issue: the admin issues a persistent Name ID from an attribute that never moves (objectGUID, or
 * mS-DS-ConsistencyGuid where Entra Connect uses it as source anchor), and sends the LDAP attributes
 * User-Principal-Name as UPN, E-Mail-Addresses as E-Mail Address, Display-Name as Name and
 * Token-Groups as Group; the authentication methods claim passes through when MFA is used.
 */
const ADFS = preset({
  attributes: {
    subject: 'nameID',
    userName: `${SOAP_CLAIMS}/upn`,
    email: `${SOAP_CLAIMS}/emailaddress`,
    displayName: `${SOAP_CLAIMS}/name`,
    roles: 'http://schemas.xmlsoap.org/claims/Group',
    authnMethods: AUTHN_METHODS_CLAIM,
  },
  nameIdFormat: PERSISTENT_NAMEID_FORMAT,
});

/**
 * Keycloak. With the client's Name ID format set to persistent (and "Force name ID format" on),
 * Keycloak sends an opaque id it generates once per user and client. Roles arrive in the role list
 * mapper's `Role` attribute; the admin adds User Property mappers for `username` and `email`.
 */
const KEYCLOAK = preset({
  attributes: { subject: 'nameID', userName: 'username', email: 'email', roles: 'Role' },
  nameIdFormat: PERSISTENT_NAMEID_FORMAT,
});

/**
 * Google Workspace (custom SAML app). The NameID is a directory field, by default the primary email,
 * whatever format is chosen, and Google offers no fixed per-person id to map: the admin maps an id
 * that is never reassigned (for example a custom attribute holding the HR employee number) to the
 * app attribute `employeeId`, Primary email to `email`, and Group membership to `groups`.
 */
const GOOGLE = preset({
  attributes: { subject: 'employeeId', userName: 'nameID', email: 'email', roles: 'groups' },
});

/** Every preset's settings, by name. Explicit `saml.attributes.*` and `saml.nameIdFormat` win over them. */
export const SAML_IDP_PRESETS: Readonly<Record<SamlIdpPreset, SamlIdpPresetSettings>> = Object.freeze({
  entra: ENTRA,
  okta: OKTA,
  adfs: ADFS,
  keycloak: KEYCLOAK,
  google: GOOGLE,
});

/** The preset names, in a stable order (for messages and checks). */
export const SAML_IDP_PRESET_NAMES = Object.freeze(Object.keys(SAML_IDP_PRESETS) as SamlIdpPreset[]);
