import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ValueTransformer } from 'typeorm';

/**
 * Maps a `bigint` column holding epoch milliseconds to a JS `number`. PostgreSQL's driver returns
 * `bigint` as a string (it may exceed 2^53); epoch milliseconds stay far below that, so `Number` is
 * exact. Plain integers instead of timestamps keep both engines and every replica's `TZ` in agreement.
 */
export const epochMillisTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * One `express-session` session (table `nomos_sessions`), written by `TypeOrmSessionStore`.
 * Names are spelled out so the committed migration holds whatever naming strategy the host uses.
 */
@Entity({ name: 'nomos_sessions' })
@Index('IDX_nomos_sessions_expires_at', ['expiresAt'])
@Index('IDX_nomos_sessions_person_key', ['personKey'])
export class StoredSession {
  /** The session id from the signed cookie. */
  @PrimaryColumn({ name: 'sid', type: 'varchar', length: 255, primaryKeyConstraintName: 'PK_nomos_sessions' })
  sid!: string;

  /** The session as JSON (`express-session`'s `SessionData`, cookie included). */
  @Column({ name: 'data', type: 'text' })
  data!: string;

  /** When the session expires, epoch milliseconds; expired rows are never handed out. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillisTransformer })
  expiresAt!: number;

  /**
   * Whose session it is (`personKeyHash` of the signed-in person), so that deprovisioning can end
   * every session of a person on every replica; `null` while nobody is signed in.
   */
  @Column({ name: 'person_key', type: 'varchar', length: 64, nullable: true })
  personKey!: string | null;
}
