import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillisTransformer } from './session.entity.js';

/**
 * An assertion already consumed (table `nomos_saml_assertions`): the replay cache shared by all
 * replicas. The primary key is what makes "first use wins" atomic across processes.
 */
@Entity({ name: 'nomos_saml_assertions' })
@Index('IDX_nomos_saml_assertions_expires_at', ['expiresAt'])
export class SamlAssertionEntry {
  /** `<sha-256 of the IdP entity id>:<assertion ID>`, so two IdPs' ids cannot collide. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 255, primaryKeyConstraintName: 'PK_nomos_saml_assertions' })
  id!: string;

  /** Until when a second use counts as a replay, epoch milliseconds. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillisTransformer })
  expiresAt!: number;
}
