import { createHash } from 'node:crypto';
import type { AuditChainKind } from './audit-chain.entity.js';
import type { AuditOutcome, MagicLinkAudit } from './magic-link-audit.entity.js';

/** The `prevHash` of the first entry after the migration's anchor: 32 zero bytes, in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** Tag that opens every canonical entry; a new canonical form gets a new tag. */
export const CANONICAL_VERSION = 'nomos-audit-chain/1';

/** The fields of a chain entry that its hash covers, besides the audit row itself. */
export interface CanonicalEntry {
  seq: number;
  kind: Exclude<AuditChainKind, 'anchor'>;
  /** The entry's own time (epoch ms after storage, so only whole milliseconds). */
  createdAt: Date;
  /** The outcome attested; replaces the row's current outcome in the canonical form. */
  outcome: AuditOutcome;
}

const ms = (value: Date | null): number | null => (value === null ? null : value.getTime());

/**
 * The canonical form of one chain entry, as UTF-8 bytes: the JSON text (`JSON.stringify`, no
 * spaces) of an array in this fixed order —
 *
 * `[version, seq, kind, entryCreatedAtMs, auditId, outcome, createdAtMs, completedAtMs, userId,
 *   issuer, userName, sessionIndex, authnInstantMs, authnContext, customerId, channel, errorCode,
 *   nomosRequestId, linkFingerprint, linkHost, mintAttempts, durationMs, clientIp, userAgent, requestId]`
 *
 * Instants are integers of epoch milliseconds (what the columns store), absent values are JSON `null`
 * (never `""`), numbers are integers, strings are JSON-escaped as ECMAScript does (lone surrogates as
 * `\uXXXX`). An array, not an object, so that no key order is involved; the version tag first, so an
 * entry can never be read under another form. The row is the one read back from the database, so
 * writer and verifier hash the same values.
 */
export function canonicalEntry(entry: CanonicalEntry, row: MagicLinkAudit): Buffer {
  const fields = [
    CANONICAL_VERSION,
    entry.seq,
    entry.kind,
    entry.createdAt.getTime(),
    row.id,
    entry.outcome,
    ms(row.createdAt),
    ms(row.completedAt),
    row.userId,
    row.issuer,
    row.userName,
    row.sessionIndex,
    ms(row.authnInstant),
    row.authnContext,
    row.customerId,
    row.channel,
    row.errorCode,
    row.nomosRequestId,
    row.linkFingerprint,
    row.linkHost,
    row.mintAttempts,
    row.durationMs,
    row.clientIp,
    row.userAgent,
    row.requestId,
  ];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** `SHA-256(prevHash bytes || canonical bytes)` as 64 lowercase hex digits. */
export function chainHash(prevHash: string, canonical: Buffer): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonical).digest('hex');
}

/** The hash an entry must carry, from the previous entry's hash and the row it attests. */
export function entryHash(prevHash: string, entry: CanonicalEntry, row: MagicLinkAudit): string {
  return chainHash(prevHash, canonicalEntry(entry, row));
}
