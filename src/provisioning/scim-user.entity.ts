import { UTC_INSTANT } from '../common/utc-instant.js';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A User the IdP provisioned over SCIM (table `nomos_scim_users`): what the IdP told us, and the
 * person it stands for, whose mapping a deactivation suspends. Names are spelled out so the committed
 * migration holds whatever naming strategy the host uses.
 */
@Entity({ name: 'nomos_scim_users' })
@Index('UQ_nomos_scim_users_user_name_key', ['userNameKey'], { unique: true })
@Index('IDX_nomos_scim_users_external_id', ['externalId'])
@Index('IDX_nomos_scim_users_person', ['issuer', 'subject'])
export class ScimUserEntry {
  /** The id this server gave the User (a UUID), in its URL. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_nomos_scim_users' })
  id!: string;

  /** The person's issuer: the module's own (the IdP's entity id with SAML). */
  @Column({ name: 'issuer', type: 'varchar', length: 1024 })
  issuer!: string;

  /** The person's subject, fixed when the User was created (from `scim.subjectFrom`). */
  @Column({ name: 'subject', type: 'varchar', length: 255 })
  subject!: string;

  @Column({ name: 'user_name', type: 'varchar', length: 255 })
  userName!: string;

  /** `userName` as SCIM compares it (case-insensitive): unique. */
  @Column({ name: 'user_name_key', type: 'varchar', length: 255 })
  userNameKey!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active!: boolean;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName!: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 255, nullable: true })
  givenName!: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 255, nullable: true })
  familyName!: string | null;

  @Column({ name: 'email', type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** Raised on every change (the resource's weak ETag). */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', ...UTC_INSTANT })
  createdAt!: Date;

  @Column({ name: 'updated_at', ...UTC_INSTANT })
  updatedAt!: Date;
}
