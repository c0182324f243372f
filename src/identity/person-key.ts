import { createHash } from 'node:crypto';

/**
 * Who a person is, for good: the issuer that vouches for them and the subject it gives them. The
 * subject is immutable at that issuer and never reassigned; a user name (UPN, email, NameID of a
 * transient format) is neither, so nothing is keyed by it.
 */
export interface PersonKey {
  /** The identity provider's entity id (SAML), or the host's `portal.issuer` for its own sign-in. */
  readonly issuer: string;
  /** The person's immutable id at that issuer. */
  readonly subject: string;
}

/**
 * Issuer of rows made before issuer/subject existed: their subject is the old `user_id`, which was
 * whatever the sign-in gave (often a user name), so such a row is only ever claimed, never trusted.
 */
export const LEGACY_ISSUER = 'urn:nomos-portal:legacy';

/**
 * A fixed-length digest of a person's key (SHA-256 hex of issuer, newline, subject), for columns that
 * must find a person's rows without holding their ids (e.g. the sessions to end when they leave).
 */
export function personKeyHash(person: PersonKey): string {
  return createHash('sha256').update(`${person.issuer}\n${person.subject}`, 'utf8').digest('hex');
}
