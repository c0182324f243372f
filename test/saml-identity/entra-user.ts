import type { TestIdpUser } from '../../src/testing/index.js';

/** Entra ID's claim names (Microsoft's SAML token claims reference), as the `entra` preset reads them. */
export const ENTRA = {
  objectId: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
  groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  groupsLink: 'http://schemas.microsoft.com/claims/groups.link',
  authnMethods: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
  passwordMethod: 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
  mfaMethod: 'http://schemas.microsoft.com/claims/multipleauthn',
} as const;

/** Alice as Entra ID asserts her: the UPN as NameID, her object id and the rest as claims. */
export const ALICE_OBJECT_ID = '6f1c2a9e-3b7d-4e51-9a0c-2d8e4f6b1a73';
export const ALICE_UPN = 'alice@corp.example';

/** An Entra-shaped user; `claims` replaces or (with an empty list) drops claims. */
export function entraUser(claims: Record<string, string[]> = {}): TestIdpUser {
  const all: Record<string, string[]> = {
    [ENTRA.objectId]: [ALICE_OBJECT_ID],
    [ENTRA.name]: [ALICE_UPN],
    [ENTRA.email]: [ALICE_UPN],
    [ENTRA.displayName]: ['Alice Energy'],
    [ENTRA.groups]: ['energy-users'],
    [ENTRA.authnMethods]: [ENTRA.passwordMethod, ENTRA.mfaMethod],
    ...claims,
  };
  return { nameId: ALICE_UPN, attributes: all };
}
