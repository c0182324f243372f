import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillisTransformer } from './session.entity.js';

/**
 * An outstanding SAML request id (table `nomos_saml_requests`): node-saml's `InResponseTo` cache,
 * kept in the database so that a login started on one replica can finish on another.
 */
@Entity({ name: 'nomos_saml_requests' })
@Index('IDX_nomos_saml_requests_expires_at', ['expiresAt'])
export class SamlRequestEntry {
  /** The request's `ID` attribute, as node-saml generated it. */
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 255, primaryKeyConstraintName: 'PK_nomos_saml_requests' })
  key!: string;

  /** What node-saml stored with it (the request's `IssueInstant`). */
  @Column({ name: 'value', type: 'text' })
  value!: string;

  /** When the id stops being accepted, epoch milliseconds. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillisTransformer })
  expiresAt!: number;
}
