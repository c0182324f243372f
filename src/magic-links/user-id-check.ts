import { createHash } from 'node:crypto';
import { InvalidCustomerLinkError } from '../customer-links/index.js';
import { assertUserId } from '../customer-links/customer-link.validation.js';
import { InvalidUserError } from './magic-link.errors.js';

/** Why a user id was refused, and how the refusal is audited. */
export interface RefusedUserId {
  error: InvalidUserError;
  /** `userId` and `errorCode` for the `denied` row. */
  auditEntry: { userId: string | null; errorCode: 'INVALID_USER' };
}

/**
 * The user id when it can be a mapping key, else the refusal. A refused id is audited as
 * `sha256:<hex of its UTF-8>`: never the raw value (it may hold NUL, which PostgreSQL cannot store,
 * or controls that forge log lines), never a truncation (a 255-character prefix could be someone
 * else's real id), yet the same bad id always gives the same value.
 */
export function checkUserId(userId: unknown): { ok: true; userId: string } | ({ ok: false } & RefusedUserId) {
  try {
    assertUserId(userId);
    return { ok: true, userId };
  } catch (error) {
    if (!(error instanceof InvalidCustomerLinkError)) throw error;
    // Only a string has UTF-8 to hash; anything else (a number, an object) is recorded as no id.
    const hashed =
      typeof userId === 'string' && userId !== ''
        ? `sha256:${createHash('sha256').update(userId, 'utf8').digest('hex')}`
        : null;
    return {
      ok: false,
      error: new InvalidUserError(error.message),
      auditEntry: { userId: hashed, errorCode: 'INVALID_USER' },
    };
  }
}
