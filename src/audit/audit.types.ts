import type { AuditChannel, AuditOutcome, MagicLinkAudit } from './magic-link-audit.entity.js';

/** What is known when a request for a link starts; see `AuditService.begin`. */
export interface AuditBeginEntry {
  /** The app user asking, when known. */
  userId?: string | null;
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
  /** Only rows of this app user. */
  userId?: string;
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
