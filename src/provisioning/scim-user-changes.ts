import type { ScimUserAttributes, ScimUserInput } from './scim-user.js';

/** The attributes a request can change. */
export type ScimUserField = keyof ScimUserAttributes;

/** What a PUT or PATCH changed, so the caller knows whether to suspend or restore the mapping. */
export interface ScimUserChanges {
  /** The attributes whose value differs, in a fixed order; empty when the request changed nothing. */
  readonly changed: readonly ScimUserField[];
  /** `active` went from true to false: suspend the person's mapping and end their sessions. */
  readonly deactivated: boolean;
  /** `active` went from false to true: restore the mapping. */
  readonly reactivated: boolean;
}

const FIELDS: readonly ScimUserField[] = [
  'userName',
  'externalId',
  'active',
  'displayName',
  'givenName',
  'familyName',
  'email',
];

/** Compares two states of a User attribute by attribute. */
export function userChanges(before: ScimUserAttributes, after: ScimUserAttributes): ScimUserChanges {
  return {
    changed: FIELDS.filter((field) => before[field] !== after[field]),
    deactivated: before.active && !after.active,
    reactivated: !before.active && after.active,
  };
}

/**
 * The state after a PUT (RFC 7644 §3.5.1) of `input` over `current`, which is not modified. The
 * profile attributes (`displayName`, names, email) are replaced as sent, so one left out is cleared.
 * `userName`, `externalId` and `active` keep their current value when left out: the RFC lets a server
 * treat an omitted attribute as "not asserted", and dropping them would unlink someone or flip their
 * status by accident (Okta sends the whole profile on a PUT, but another client need not).
 */
export function replaceUser<T extends ScimUserAttributes>(
  current: T,
  input: ScimUserInput,
): { readonly user: T; readonly changes: ScimUserChanges } {
  const user: T = {
    ...current,
    userName: input.userName ?? current.userName,
    externalId: input.externalId ?? current.externalId,
    active: input.active ?? current.active,
    displayName: input.displayName,
    givenName: input.givenName,
    familyName: input.familyName,
    email: input.email,
  };
  return { user, changes: userChanges(current, user) };
}
