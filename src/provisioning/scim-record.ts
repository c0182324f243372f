import type { ScimUserAttributes, ScimUserRecord } from './scim-user.js';
import type { ScimUserEntry } from './scim-user.entity.js';

/** A stored row as the SCIM rendering and the patch rules read it (`null` columns left out). */
export function recordOf(row: ScimUserEntry): ScimUserRecord {
  const optional = (value: string | null) => value ?? undefined;
  return {
    id: row.id,
    userName: row.userName,
    externalId: optional(row.externalId),
    active: row.active,
    displayName: optional(row.displayName),
    givenName: optional(row.givenName),
    familyName: optional(row.familyName),
    email: optional(row.email),
    created: row.createdAt,
    lastModified: row.updatedAt,
    version: row.version,
  };
}

/** The columns a User's attributes fill. */
export function columnsOf(user: ScimUserAttributes, userNameKey: string): Partial<ScimUserEntry> {
  return {
    userName: user.userName,
    userNameKey,
    externalId: user.externalId ?? null,
    active: user.active,
    displayName: user.displayName ?? null,
    givenName: user.givenName ?? null,
    familyName: user.familyName ?? null,
    email: user.email ?? null,
  };
}
