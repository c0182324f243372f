import type { RefusedUserId } from './user-id-check.js';
import { checkUserId } from './user-id-check.js';

/**
 * What `MagicLinkService` needs to know of the person asking: nothing of how they signed in.
 * `PortalUser` satisfies it, so a signed-in person is passed unchanged.
 */
export interface MagicLinkSubject {
  /** Stable app user id: the key of the customer mapping (1–255 characters, no controls). */
  readonly id: string;
  /** An email the identity provider vouches for; read only when `portal.autoLinkByEmail` is on. */
  readonly email?: string;
}

/** A subject whose id can be a mapping key, or why it cannot (and how that is audited). */
export type CheckedSubject = { ok: true; subject: MagicLinkSubject } | ({ ok: false } & RefusedUserId);

/**
 * The one place `mintForUser`'s input is read. A bare id is still accepted (the documented
 * `userOrId`) and becomes `{ id }` here, so nothing past this point asks which of the two it got.
 * Plain-JS hosts and custom resolvers can hand over anything, so a missing person or a non-string
 * id is refused like an empty one.
 */
export function checkSubject(input: MagicLinkSubject | string | null | undefined): CheckedSubject {
  const given: Partial<MagicLinkSubject> | null | undefined = typeof input === 'string' ? { id: input } : input;
  const id = checkUserId(given?.id);
  if (!id.ok) return id;
  return { ok: true, subject: { id: id.userId, email: given?.email } };
}
