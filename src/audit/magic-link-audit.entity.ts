import { UTC_INSTANT } from '../common/utc-instant.js';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where a mint attempt stands: `pending` until the service completes it; `issued` (the link was
 * handed to a live response), `failed`, `denied`, or `abandoned` (Nomos minted a link but the person
 * was gone, so it was never written to a response). Stored in a plain `varchar(16)` without a CHECK
 * constraint, so a new outcome needs no migration.
 */
export type AuditOutcome = 'pending' | 'issued' | 'failed' | 'denied' | 'abandoned';

/** Every {@link AuditOutcome}, for validation and admin UIs. */
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['pending', 'issued', 'failed', 'denied', 'abandoned'];

/** How the link was asked for: browser redirect, JSON for a webview, or a direct service call. */
export type AuditChannel = 'redirect' | 'json' | 'service';

/** Every {@link AuditChannel}. */
export const AUDIT_CHANNELS: readonly AuditChannel[] = ['redirect', 'json', 'service'];

/**
 * One request for a magic link (table `nomos_magic_link_audit`), written `pending` before Nomos is
 * called and completed before any link leaves the server.
 *
 * There is deliberately no column able to hold a link or its token: only a SHA-256 fingerprint and
 * the host. The increasing `id` is the keyset cursor for paging, hence the `(x, id)` indexes.
 */
@Entity({ name: 'nomos_magic_link_audit' })
@Index('IDX_nomos_magic_link_audit_user_id_id', ['userId', 'id'])
@Index('IDX_nomos_magic_link_audit_issuer_user_id_id', ['issuer', 'userId', 'id'])
@Index('IDX_nomos_magic_link_audit_customer_id_id', ['customerId', 'id'])
@Index('IDX_nomos_magic_link_audit_outcome_id', ['outcome', 'id'])
@Index('IDX_nomos_magic_link_audit_created_at', ['createdAt'])
export class MagicLinkAudit {
  /** Auto-increment key; also the paging cursor (newest first). */
  @PrimaryGeneratedColumn('increment', {
    name: 'id',
    primaryKeyConstraintName: 'PK_nomos_magic_link_audit',
  })
  id!: number;

  /**
   * When the request started; set by the service. Stored as epoch milliseconds (`bigint`), the same
   * UTC instant for every process whatever its `TZ` (see `UTC_INSTANT`; migration 1765400000000).
   */
  @Column({ name: 'created_at', ...UTC_INSTANT })
  createdAt!: Date;

  /** When the outcome was recorded; `null` while pending. */
  @Column({ name: 'completed_at', ...UTC_INSTANT, nullable: true })
  completedAt!: Date | null;

  /**
   * The person who asked, when known: their immutable subject at {@link MagicLinkAudit.issuer} (rows
   * written before the issuer was recorded hold whatever id the sign-in gave, often a user name).
   */
  @Column({ name: 'user_id', type: 'varchar', length: 255, nullable: true })
  userId!: string | null;

  /** The Nomos customer the link was for, when resolved. */
  @Column({ name: 'customer_id', type: 'varchar', length: 64, nullable: true })
  customerId!: string | null;

  /** Current state of the request. */
  @Column({ name: 'outcome', type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  /** Machine-readable reason for `failed`/`denied` (a Nomos error code or one of ours). */
  @Column({ name: 'error_code', type: 'varchar', length: 128, nullable: true })
  errorCode!: string | null;

  /** Nomos `requestId` of the last mint call, to correlate with Nomos support. */
  @Column({ name: 'nomos_request_id', type: 'varchar', length: 128, nullable: true })
  nomosRequestId!: string | null;

  /** SHA-256 hex of the link's token, so a link can be recognised later without storing it. */
  @Column({ name: 'link_fingerprint', type: 'character', length: 64, nullable: true })
  linkFingerprint!: string | null;

  /** Host name of the issued link (never the path or query). */
  @Column({ name: 'link_host', type: 'varchar', length: 255, nullable: true })
  linkHost!: string | null;

  /** How the link was asked for. */
  @Column({ name: 'channel', type: 'varchar', length: 16 })
  channel!: AuditChannel;

  /** Mint calls made to Nomos for this request, retries included. */
  @Column({ name: 'mint_attempts', type: 'integer', default: 0 })
  mintAttempts!: number;

  /** Client IP as seen by the app (after any trusted proxy handling). */
  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp!: string | null;

  /** Browser user agent, truncated to 512 characters. */
  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  /** The app's own request/correlation id. */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** Wall time from begin to completion, in milliseconds. */
  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  /** Who vouches for `user_id`: the IdP's entity id, or the host's `portal.issuer`; `null` on older rows. */
  @Column({ name: 'issuer', type: 'varchar', length: 1024, nullable: true })
  issuer!: string | null;

  /** The name the person signed in with (UPN, email, NameID): mutable, so never a key. */
  @Column({ name: 'user_name', type: 'varchar', length: 255, nullable: true })
  userName!: string | null;

  /** The IdP's SessionIndex of the session that asked, to find that session in the IdP's logs. */
  @Column({ name: 'session_index', type: 'varchar', length: 255, nullable: true })
  sessionIndex!: string | null;

  /** When the IdP authenticated the person (AuthnInstant); stored like `created_at`. */
  @Column({ name: 'authn_instant', ...UTC_INSTANT, nullable: true })
  authnInstant!: Date | null;

  /**
   * How the IdP authenticated the person, in one bounded text (see `authnContextText`): the
   * AuthnContextClassRef, then ` amr=` and the method names joined by commas when the IdP named
   * methods (Entra's `authnmethodsreferences`), e.g.
   * `urn:oasis:names:tc:SAML:2.0:ac:classes:Password amr=pwd,mfa`, or only `amr=pwd,mfa`.
   */
  @Column({ name: 'authn_context', type: 'varchar', length: 512, nullable: true })
  authnContext!: string | null;
}
