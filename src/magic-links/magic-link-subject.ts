import type { PortalUserAuthn } from '../identity/index.js';
import type { RefusedUserId } from './user-id-check.js';
import { checkUserId } from './user-id-check.js';

/**
 * What `MagicLinkService` needs to know of the person asking: nothing of how they signed in.
 * `PortalUser` satisfies it, so a signed-in person is passed unchanged.
 */
export interface MagicLinkSubject {
  /** The person's immutable subject at `issuer`: with it, the mapping's key (1–255 characters, no controls). */
  readonly id: string;
  /** Who vouches for `id`; absent, the module's issuer (`portal.issuer`, or the SAML IdP's entity id). */
  readonly issuer?: string;
  /** The name the person signs in with (UPN, email): audited, compared to notice a recycled name. */
  readonly userName?: string;
  /** An email the identity provider vouches for; read only when `portal.autoLinkByEmail` is on. */
  readonly email?: string;
  /** How the IdP authenticated the person, for the audit. */
  readonly authn?: PortalUserAuthn;
}

/** A subject whose id can be a mapping key, or why it cannot (and how that is audited). */
export type CheckedSubject = { ok: true; subject: MagicLinkSubject } | ({ ok: false } & RefusedUserId);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The one place `mintForUser`'s input is read. A bare id is still accepted (the documented
 * `userOrId`) and becomes `{ id }` here, so nothing past this point asks which of the two it got.
 * Plain-JS hosts and custom resolvers can hand over anything, so a missing person or a non-string
 * id is refused like an empty one, and the other fields are kept only when they are text.
 */
export function checkSubject(input: MagicLinkSubject | string | null | undefined): CheckedSubject {
  const given: Partial<MagicLinkSubject> | null | undefined = typeof input === 'string' ? { id: input } : input;
  const id = checkUserId(given?.id);
  if (!id.ok) return id;
  const authn = typeof given?.authn === 'object' && given.authn !== null ? given.authn : undefined;
  return {
    ok: true,
    subject: {
      id: id.userId,
      issuer: text(given?.issuer),
      userName: text(given?.userName),
      email: given?.email,
      authn,
    },
  };
}
