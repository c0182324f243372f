import type { AuditChannel, AuditOutcome, MagicLinkAudit } from './magic-link-audit.entity.js';

/** What is known when a request for a link starts; see `AuditService.begin`. */
export interface AuditBeginEntry {
  /** The person asking, when known: their immutable subject at `issuer` (kept up to 255 characters). */
  userId?: string | null;
  /** Who vouches for `userId`: the IdP's entity id or the host's issuer (kept up to 1024 characters). */
  issuer?: string | null;
  /** The name the person signed in with (kept up to 255 characters); recorded, never a key. */
  userName?: string | null;
  /** How and when the IdP authenticated the person; `PortalUser.authn` fits as is. */
  authn?: AuditAuthn | null;
  /** The Nomos customer the link is for, when resolved. */
  customerId?: string | null;
  /** How the link was asked for. */
  channel: AuditChannel;
  /** Client IP (kept up to 64 characters). */
  clientIp?: string | null;
  /** User agent (kept up to 512 characters). */
  userAgent?: string | null;
  /** The app's request/correlation id (kept up to 128 characters). */
  requestId?: string | null;
}

/**
 * The sign-in behind a request, as the audit records it (same shape as the identity part's
 * `PortalUserAuthn`, which the audit may not import). Values that do not fit are stored as `null`.
 */
export interface AuditAuthn {
  /** The IdP's SessionIndex (kept up to 255 characters). */
  sessionIndex?: string;
  /** AuthnInstant: a `Date` or ISO 8601 date and time, read as UTC unless it names `Z` or an offset. */
  authnInstant?: string | Date;
  /** The AuthnContextClassRef; with `methods`, stored in `authn_context` (up to 512 characters). */
  contextClass?: string;
  /** Authentication methods the IdP names (Entra's `authnmethodsreferences`). */
  methods?: readonly string[];
}

/** How a request ended; see `AuditService.complete`. Never the link or its token. */
export interface AuditCompletion {
  /** Final state. */
  outcome: Exclude<AuditOutcome, 'pending'>;
  /** Machine-readable reason for `failed`/`denied` (kept up to 128 characters). */
  errorCode?: string | null;
  /** Nomos `requestId` of the last mint call (kept up to 128 characters). */
  nomosRequestId?: string | null;
  /** SHA-256 of the link's token as 64 lowercase hex digits; anything else is refused. */
  linkFingerprint?: string | null;
  /** Host name of the link; a value with a scheme, path, query or credentials is refused. */
  linkHost?: string | null;
  /** Mint calls made to Nomos, retries included (a non-negative integer). */
  mintAttempts: number;
  /** Milliseconds from begin to completion (rounded; non-negative). */
  durationMs: number;
}

/** A request audited in one write (e.g. `denied` before Nomos was ever called). */
export type AuditRecordEntry = AuditBeginEntry & AuditCompletion;

/** Filter of `AuditService.query`; all fields are ANDed. */
export interface AuditQuery {
  /** Only rows of this person (with `issuer`: of this subject at that issuer). */
  userId?: string;
  /** Only rows whose person this issuer vouched for (IdP entity id). */
  issuer?: string;
  /** Only rows for this Nomos customer. */
  customerId?: string;
  /** Only rows in this state. */
  outcome?: AuditOutcome;
  /** Only rows created at or after this instant (inclusive). */
  from?: Date;
  /** Only rows created before this instant (exclusive). */
  to?: Date;
  /**
   * Page size; values above 500 are capped at 500.
   * @default 50
   */
  limit?: number;
  /** The `next` cursor of the previous page; omit for the newest rows. */
  after?: string;
}

/** One page of audit rows, newest first. */
export interface AuditPage {
  /** Rows of this page, highest id first. */
  items: MagicLinkAudit[];
  /** Cursor for the following (older) page; absent on the last page. */
  next?: string;
}
