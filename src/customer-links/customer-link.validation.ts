import { CUSTOMER_LINK_SOURCES } from './customer-link.entity.js';
import type { CustomerLinkSource } from './customer-link.entity.js';
import { InvalidCustomerLinkError } from './customer-link.errors.js';

/** Longest accepted user id; matches the `user_id` column. */
export const MAX_USER_ID_LENGTH = 255;
/** Longest accepted customer id; matches the `customer_id` column. */
export const MAX_CUSTOMER_ID_LENGTH = 64;
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
// C0 controls, DEL and C1 controls: never part of a real id, NUL cannot even be stored by PostgreSQL,
// and the others forge log lines.
// eslint-disable-next-line no-control-regex -- refuses C0 controls, DEL and C1 controls in ids
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// A lone surrogate becomes U+FFFD in UTF-8, so two different ids would reach the database as one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Messages name the rule and the length, never the value: ids may be e-mail addresses.

/**
 * @throws InvalidCustomerLinkError unless `userId` is a non-blank string of at most 255 characters,
 *   without control characters and well-formed (no lone surrogates)
 */
export function assertUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.trim() === '') {
    throw new InvalidCustomerLinkError('userId', 'userId must be a non-empty string');
  }
  if (userId.length > MAX_USER_ID_LENGTH) {
    throw new InvalidCustomerLinkError(
      'userId',
      `userId must be at most ${MAX_USER_ID_LENGTH} characters (got ${userId.length})`,
    );
  }
  if (CONTROL_CHARACTER.test(userId)) {
    throw new InvalidCustomerLinkError('userId', 'userId must not contain control characters');
  }
  if (LONE_SURROGATE.test(userId)) {
    throw new InvalidCustomerLinkError('userId', 'userId must be well-formed Unicode (it has a lone surrogate)');
  }
}

/** @throws InvalidCustomerLinkError unless `customerId` is 1–64 characters of `[A-Za-z0-9_-]`. */
export function assertCustomerId(customerId: unknown): asserts customerId is string {
  if (typeof customerId !== 'string' || customerId === '') {
    throw new InvalidCustomerLinkError('customerId', 'customerId must be a non-empty string');
  }
  if (customerId.length > MAX_CUSTOMER_ID_LENGTH) {
    throw new InvalidCustomerLinkError(
      'customerId',
      `customerId must be at most ${MAX_CUSTOMER_ID_LENGTH} characters (got ${customerId.length})`,
    );
  }
  if (!CUSTOMER_ID_PATTERN.test(customerId)) {
    throw new InvalidCustomerLinkError(
      'customerId',
      'customerId may contain only letters, digits, "_" and "-" (like a Nomos id such as cus_123)',
    );
  }
}

/** @throws InvalidCustomerLinkError unless `source` is one of {@link CUSTOMER_LINK_SOURCES}. */
export function assertSource(source: unknown): asserts source is CustomerLinkSource {
  if (!CUSTOMER_LINK_SOURCES.includes(source as CustomerLinkSource)) {
    throw new InvalidCustomerLinkError(
      'source',
      `source must be one of ${CUSTOMER_LINK_SOURCES.map((s) => `"${s}"`).join(', ')}`,
    );
  }
}

/** @throws InvalidCustomerLinkError unless `createdBy` is absent or a string of at most 255 characters. */
export function assertCreatedBy(createdBy: unknown): asserts createdBy is string | null | undefined {
  if (createdBy === undefined || createdBy === null) return;
  if (typeof createdBy !== 'string' || createdBy.length > MAX_USER_ID_LENGTH) {
    throw new InvalidCustomerLinkError(
      'createdBy',
      `createdBy must be a string of at most ${MAX_USER_ID_LENGTH} characters when given`,
    );
  }
}
