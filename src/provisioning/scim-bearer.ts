import { createHash, timingSafeEqual } from 'node:crypto';

/** Why a SCIM request's credentials were refused; never says which secret was close. */
export type ScimBearerRefusal = 'missing' | 'malformed' | 'mismatch';

// Provisioning tokens are tens to a few hundred characters (Entra's "Secret Token" field, Okta's
// "API Token"); a header far longer is not one and is not hashed.
const MAX_HEADER_LENGTH = 4096;
// RFC 6750 §2.1 allows only token68 characters, but the secret is whatever an administrator pasted into
// the IdP, so any visible ASCII is taken; white space inside would make it two tokens.
const BEARER = /^bearer +([\x21-\x7E]+) *$/i;

/**
 * Checks `Authorization: Bearer <token>` against the endpoint's secret tokens: the current one and,
 * while a rotation is under way at the IdP, the previous one. The scheme is case-insensitive
 * (RFC 7235 §2.1). Both sides are hashed with SHA-256 before `timingSafeEqual`, so the comparison
 * takes the same time whatever the lengths, and every secret is compared (no early exit), so timing
 * says nothing about which secret matched or how much of one.
 * @param secrets one or two secrets; empty strings never match anything
 * @returns `'ok'` or why not: no header, not a bearer token, or no secret matches
 */
export function checkScimBearer(
  authorizationHeader: string | readonly string[] | undefined,
  secrets: readonly string[],
): 'ok' | ScimBearerRefusal {
  if (authorizationHeader === undefined || authorizationHeader === '') return 'missing';
  // Node gives a string; an array (or anything else) means the header came twice or from elsewhere.
  if (typeof authorizationHeader !== 'string' || authorizationHeader.length > MAX_HEADER_LENGTH) return 'malformed';
  const match = BEARER.exec(authorizationHeader);
  if (!match) return 'malformed';
  const given = sha256(match[1]);
  let matched = false;
  for (const secret of Array.isArray(secrets) ? secrets : []) {
    if (typeof secret !== 'string' || secret === '') continue;
    if (timingSafeEqual(sha256(secret), given)) matched = true;
  }
  return matched ? 'ok' : 'mismatch';
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
