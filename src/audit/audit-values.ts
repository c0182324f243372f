import { isUrlHost } from '../common/url-host.js';
import { AuditWriteError, InvalidAuditQueryError } from './audit.errors.js';
import type { AuditCompletion, AuditQuery } from './audit.types.js';
import { AUDIT_CHANNELS, AUDIT_OUTCOMES } from './magic-link-audit.entity.js';
import type { AuditChannel, MagicLinkAudit } from './magic-link-audit.entity.js';

/** Page size when `limit` is omitted. */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** Largest page `query` returns; larger limits are capped. */
export const MAX_AUDIT_PAGE_SIZE = 500;

const FINAL_OUTCOMES = AUDIT_OUTCOMES.filter((o) => o !== 'pending');
const FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * Fits optional free text into its column: audit writes must not fail (and so deny the user) because
 * a header was long. NUL is dropped since PostgreSQL text cannot hold it; a surrogate pair is never split.
 */
export function clip(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  let text = String(value).replaceAll('\0', '');
  if (text.length > max) {
    text = text.slice(0, max);
    const last = text.charCodeAt(max - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, max - 1);
  }
  return text;
}

/** @throws AuditWriteError unless `channel` is an {@link AuditChannel}. */
export function assertChannel(channel: unknown): asserts channel is AuditChannel {
  if (!AUDIT_CHANNELS.includes(channel as AuditChannel)) {
    throw new AuditWriteError(`Audit entry refused: channel must be one of ${AUDIT_CHANNELS.join(', ')}`);
  }
}

/** Validates a completion and maps it to column values. @throws AuditWriteError naming the field */
export function completionColumns(result: AuditCompletion): Partial<MagicLinkAudit> {
  const refuse = (rule: string) => new AuditWriteError(`Audit completion refused: ${rule}`);
  if (!FINAL_OUTCOMES.includes(result.outcome)) throw refuse(`outcome must be one of ${FINAL_OUTCOMES.join(', ')}`);
  if (!Number.isSafeInteger(result.mintAttempts) || result.mintAttempts < 0) {
    throw refuse('mintAttempts must be a non-negative integer');
  }
  if (!Number.isFinite(result.durationMs) || result.durationMs < 0) {
    throw refuse('durationMs must be a non-negative number');
  }
  const fingerprint = result.linkFingerprint ?? null;
  if (fingerprint !== null && !FINGERPRINT.test(fingerprint)) {
    throw refuse('linkFingerprint must be 64 lowercase hex digits (a SHA-256)');
  }
  const host = result.linkHost ?? null;
  // Only a bare host (optionally :port): a whole link, with its token in the path or query, can
  // never be stored in link_host by mistake.
  if (host !== null && !isUrlHost(host, { port: true })) throw refuse('linkHost must be a bare host name, not a URL');
  return {
    outcome: result.outcome,
    completedAt: new Date(),
    errorCode: clip(result.errorCode, 128),
    nomosRequestId: clip(result.nomosRequestId, 128),
    linkFingerprint: fingerprint,
    linkHost: host,
    mintAttempts: result.mintAttempts,
    durationMs: Math.min(Math.round(result.durationMs), 2_147_483_647),
  };
}

/** The validated form of an {@link AuditQuery}. */
export interface CheckedAuditQuery extends Omit<AuditQuery, 'limit' | 'after'> {
  limit: number;
}

/** Validates a query filter (not the cursor). @throws InvalidAuditQueryError naming the field */
export function checkQuery(filter: AuditQuery): CheckedAuditQuery {
  const { userId, issuer, customerId, outcome, from, to, limit = DEFAULT_AUDIT_PAGE_SIZE } = filter;
  for (const [field, value] of [
    ['userId', userId],
    ['issuer', issuer],
    ['customerId', customerId],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new InvalidAuditQueryError(field, `${field} must be a non-empty string when given`);
    }
  }
  if (outcome !== undefined && !AUDIT_OUTCOMES.includes(outcome)) {
    throw new InvalidAuditQueryError('outcome', `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  }
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) {
      throw new InvalidAuditQueryError(field, `${field} must be a valid Date when given`);
    }
  }
  if (from && to && from.getTime() > to.getTime()) {
    throw new InvalidAuditQueryError('from', 'from must not be later than to');
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidAuditQueryError(
      'limit',
      `limit must be a positive integer (values above ${MAX_AUDIT_PAGE_SIZE} are capped)`,
    );
  }
  return { userId, issuer, customerId, outcome, from, to, limit: Math.min(limit, MAX_AUDIT_PAGE_SIZE) };
}
