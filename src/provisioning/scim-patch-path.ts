import type { ScimUserField } from './scim-user-changes.js';

/** A kept attribute, or the complex attribute that holds kept ones. */
export type PatchTarget = ScimUserField | 'name' | 'emails';

const CORE_USER_PREFIX = 'urn:ietf:params:scim:schemas:core:2.0:user:';
// The work address as Entra addresses it; `primary eq true` names the same kept address.
const KEPT_EMAIL_PATH = /^emails\[\s*(?:type\s+eq\s+"work"|primary\s+eq\s+true)\s*\]\.value$/;

const TARGETS = new Map<string, PatchTarget>([
  ['username', 'userName'],
  ['externalid', 'externalId'],
  ['active', 'active'],
  ['displayname', 'displayName'],
  ['name.givenname', 'givenName'],
  ['name.familyname', 'familyName'],
  ['name', 'name'],
  ['emails', 'emails'],
]);

/**
 * The kept attribute a PATCH path (or a key of a path-less value) names, or undefined for one this
 * package does not keep. Attribute names are case-insensitive (RFC 7643 §2.1) and may carry the core
 * User schema's URN as a prefix (RFC 7644 §3.10).
 */
export function targetOf(path: string): PatchTarget | undefined {
  const lower = path.toLowerCase();
  const bare = lower.startsWith(CORE_USER_PREFIX) ? lower.slice(CORE_USER_PREFIX.length) : lower;
  if (KEPT_EMAIL_PATH.test(bare)) return 'email';
  return TARGETS.get(bare);
}
