import type { EntityManager } from 'typeorm';
import type { PersonKey } from '../identity/index.js';
import { CUSTOMER_LINK_ACTOR_TYPES, CustomerLinkEvent } from './customer-link-event.entity.js';
import type { CustomerLinkAction, CustomerLinkActorType } from './customer-link-event.entity.js';
import { InvalidCustomerLinkError } from './customer-link.errors.js';
import { MAX_USER_ID_LENGTH } from './customer-link.validation.js';

/** Who changes a link and through what; recorded in the link history. */
export interface LinkChangeOptions {
  /**
   * Who makes the change.
   * @default { type: 'admin', id: createdBy } for link(), { type: 'admin' } otherwise
   */
  actor?: { type: CustomerLinkActorType; id?: string | null };
  /**
   * Through what the change comes (`api`, `scim`, `webhook`, `import`, `admin-ui`…).
   * @default 'api'
   */
  channel?: string;
  /** The person's current sign-in name (UPN, email), kept lower-cased on the link for admins. */
  userName?: string | null;
}

/** A change as the history records it, checked. */
export interface CheckedChange {
  actorType: CustomerLinkActorType;
  actorId: string | null;
  channel: string;
}

const CHANNEL = /^[a-z][a-z0-9-]{0,31}$/;

/** @throws InvalidCustomerLinkError naming `actor` or `channel` when malformed */
export function checkChange(options: LinkChangeOptions, defaultActorId: string | null = null): CheckedChange {
  const actorType = options.actor?.type ?? 'admin';
  const actorId = options.actor ? (options.actor.id ?? null) : defaultActorId;
  if (!CUSTOMER_LINK_ACTOR_TYPES.includes(actorType)) {
    throw new InvalidCustomerLinkError('actor', `actor.type must be one of ${CUSTOMER_LINK_ACTOR_TYPES.join(', ')}`);
  }
  if (actorId !== null && (typeof actorId !== 'string' || actorId.length > MAX_USER_ID_LENGTH)) {
    throw new InvalidCustomerLinkError(
      'actor',
      `actor.id must be a string of at most ${MAX_USER_ID_LENGTH} characters`,
    );
  }
  const channel = options.channel ?? 'api';
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new InvalidCustomerLinkError('channel', 'channel must be 1–32 lower-case letters, digits or "-"');
  }
  return { actorType, actorId, channel };
}

/** Appends one history row, in the transaction of the change it records. */
export async function recordChange(
  manager: EntityManager,
  person: PersonKey & { userName: string | null },
  action: CustomerLinkAction,
  customers: { old: string | null; new: string | null },
  change: CheckedChange,
  at: Date,
): Promise<void> {
  await manager.insert(CustomerLinkEvent, {
    createdAt: at,
    issuer: person.issuer,
    userId: person.subject,
    userName: person.userName,
    action,
    oldCustomerId: customers.old,
    newCustomerId: customers.new,
    ...change,
  });
}
