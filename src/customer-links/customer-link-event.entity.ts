import { UTC_INSTANT } from '../common/utc-instant.js';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What happened to a person's link. `relink` moves it to another customer (or claims a legacy row). */
export type CustomerLinkAction = 'link' | 'unlink' | 'relink' | 'suspend' | 'restore';

/** Who made the change: the person at sign-in, an admin, a SCIM client, a Nomos webhook, an import or the package. */
export type CustomerLinkActorType = 'person' | 'admin' | 'scim' | 'webhook' | 'import' | 'system';

/** Every accepted {@link CustomerLinkActorType}, for validation. */
export const CUSTOMER_LINK_ACTOR_TYPES: readonly CustomerLinkActorType[] = [
  'person',
  'admin',
  'scim',
  'webhook',
  'import',
  'system',
];

/**
 * One change of a person's link (table `nomos_customer_link_events`), written by
 * `CustomerLinkService` in the same transaction as the change itself. Append-only: nothing in the
 * package updates or deletes a row, so the history answers "who gave this person that customer".
 */
@Entity({ name: 'nomos_customer_link_events' })
@Index('IDX_nomos_customer_link_events_person_id', ['issuer', 'userId', 'id'])
@Index('IDX_nomos_customer_link_events_new_customer_id_id', ['newCustomerId', 'id'])
export class CustomerLinkEvent {
  /** Surrogate key, increasing with time: the history's order and its paging cursor. */
  @PrimaryGeneratedColumn('increment', {
    name: 'id',
    primaryKeyConstraintName: 'PK_nomos_customer_link_events',
  })
  id!: number;

  /** When the change was made. */
  @Column({ name: 'created_at', ...UTC_INSTANT })
  createdAt!: Date;

  /** The person's issuer, as on the link. */
  @Column({ name: 'issuer', type: 'varchar', length: 1024 })
  issuer!: string;

  /** The person's subject at `issuer`, as on the link. */
  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId!: string;

  /** The person's sign-in name at the time, lower-cased, if known. */
  @Column({ name: 'user_name', type: 'varchar', length: 255, nullable: true })
  userName!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 16 })
  action!: CustomerLinkAction;

  /** The customer before the change (`null` for `link`). */
  @Column({ name: 'old_customer_id', type: 'varchar', length: 64, nullable: true })
  oldCustomerId!: string | null;

  /** The customer after the change (`null` for `unlink`). */
  @Column({ name: 'new_customer_id', type: 'varchar', length: 64, nullable: true })
  newCustomerId!: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: CustomerLinkActorType;

  /** The actor's own id (an admin's subject, a SCIM client name, a webhook event id), if known. */
  @Column({ name: 'actor_id', type: 'varchar', length: 255, nullable: true })
  actorId!: string | null;

  /** Through what the change came: `api`, `sign-in`, `auto-link`, `scim`, `webhook`, `import`, `upgrade`… */
  @Column({ name: 'channel', type: 'varchar', length: 32 })
  channel!: string;
}
