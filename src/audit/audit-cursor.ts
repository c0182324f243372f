import { InvalidAuditQueryError } from './audit.errors.js';

// Opaque on purpose: callers must not build cursors, so the encoding can change under a new prefix.
const PREFIX = 'v1:';
const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;
const PAYLOAD = /^v1:([1-9][0-9]{0,15})$/;

/** Encodes the id of the last row of a page as an opaque `next` cursor. */
export function encodeAuditCursor(lastId: number): string {
  return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeAuditCursor} back to the row id that pages continue below.
 * @throws InvalidAuditQueryError when the cursor was not made by this service
 */
export function decodeAuditCursor(cursor: unknown): number {
  const invalid = () =>
    new InvalidAuditQueryError('after', 'after must be a cursor returned as `next` by a previous query');
  if (typeof cursor !== 'string' || !BASE64URL.test(cursor)) throw invalid();
  const match = PAYLOAD.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid();
  const id = Number(match[1]);
  if (!Number.isSafeInteger(id)) throw invalid();
  return id;
}
