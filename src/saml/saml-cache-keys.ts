import { createHash } from 'node:crypto';

// Keys are at most 255 characters (the column). Assertion ids are kept verbatim up to 190
// characters (64 + 1 + 190 ≤ 255); longer ones are hashed, marked with '#', which starts no XML ID.
const MAX_VERBATIM_ID = 190;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The replay-cache key of assertion `assertionId` from IdP `issuer`: the issuer hashed (ids are
 * unique per IdP only), then the id itself, or its hash when it would not fit the column.
 */
export function assertionKey(issuer: string, assertionId: string): string {
  return `${sha256(issuer)}:${assertionId.length <= MAX_VERBATIM_ID ? assertionId : `#${sha256(assertionId)}`}`;
}

/**
 * True for a key node-saml may save or look up: one that fits the column (a longer one was never
 * saved, so it is not looked up) and does not start with '#', which marks the login bindings kept
 * in the same table; node-saml never sees those.
 */
export function isRequestKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= 255 && !key.startsWith('#');
}
