import type { PersonKey } from '../identity/index.js';
import { InvalidCustomerLinkError } from './customer-link.errors.js';
import { assertUserId, MAX_USER_ID_LENGTH } from './customer-link.validation.js';

/**
 * A person as the mapping's callers name them: their key, or a bare subject, which means a subject
 * at the module's own issuer (the IdP's entity id with SAML, `portal.issuer` otherwise) — what a
 * single-IdP host has in hand.
 */
export type PersonRef = PersonKey | string;

/** Longest accepted issuer; matches the `issuer` columns (SAML entity ids are URIs). */
export const MAX_ISSUER_LENGTH = 1024;

// eslint-disable-next-line no-control-regex -- refuses C0 controls, DEL and C1 controls in issuers
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The checked key of `person`.
 * @throws InvalidCustomerLinkError naming `issuer` or `userId` (the subject) when malformed
 */
export function personKeyOf(person: PersonRef, defaultIssuer: string): PersonKey {
  // Anything but an object is taken as a bare subject, so that a missing one is refused as the subject.
  const given: Partial<PersonKey> =
    typeof person === 'object' && person !== null ? person : { issuer: defaultIssuer, subject: person };
  const { issuer, subject } = given;
  if (typeof issuer !== 'string' || issuer.trim() === '' || issuer.length > MAX_ISSUER_LENGTH) {
    throw new InvalidCustomerLinkError(
      'issuer',
      `issuer must be a non-empty string of at most ${MAX_ISSUER_LENGTH} characters`,
    );
  }
  if (CONTROL_CHARACTER.test(issuer)) {
    throw new InvalidCustomerLinkError('issuer', 'issuer must not contain control characters');
  }
  assertUserId(subject);
  return { issuer, subject };
}

/**
 * A sign-in name as the mapping keeps it: trimmed and lower-cased (UPNs and emails are compared
 * without case), `null` when absent or unusable. Never throws: the name is informational.
 */
export function userNameKey(userName: unknown): string | null {
  if (typeof userName !== 'string') return null;
  const key = userName.trim().toLowerCase();
  return key === '' || key.length > MAX_USER_ID_LENGTH || CONTROL_CHARACTER.test(key) ? null : key;
}
