import { assertCustomerId } from '../customer-links/customer-link.validation.js';
import { InvalidCustomerLinkError } from '../customer-links/index.js';
import { personKeyOf } from '../customer-links/person-ref.js';
import { emailKey } from '../customer-links/email-match.js';
import type { PersonKey } from '../identity/index.js';

/** Where the import's columns are in a file; other columns (an export's `status`, `source`…) are ignored. */
export interface ImportColumns {
  issuer?: number;
  subject?: number;
  email?: number;
  customer: number;
  /** Fields a header has, so that a row of another length is refused. */
  width: number;
}

// Accepted spellings, compared trimmed and lower-cased; `user_id` and `customer_id` are the export's.
const NAMES: Record<string, keyof Omit<ImportColumns, 'width'>> = {
  issuer: 'issuer',
  subject: 'subject',
  user_id: 'subject',
  userid: 'subject',
  email: 'email',
  customer_id: 'customer',
  customerid: 'customer',
  customer: 'customer',
};

/**
 * The columns of a header row.
 * @returns the columns, or the reason the header cannot be imported
 */
export function readHeader(fields: string[]): ImportColumns | string {
  const found: Partial<ImportColumns> = {};
  for (const [index, field] of fields.entries()) {
    const name = NAMES[field.trim().toLowerCase()];
    if (name === undefined) continue;
    if (found[name] !== undefined) return `the header names the ${name} column twice`;
    found[name] = index;
  }
  if (found.customer === undefined) return 'the header has no customer_id column';
  if (found.subject === undefined && found.email === undefined) {
    return 'the header needs a subject (or user_id) column, an email column, or both';
  }
  return { ...found, customer: found.customer, width: fields.length };
}

/** A row as the import reads it: the person (by key, or by email still to resolve) and the customer. */
export type ImportRow =
  { person: PersonKey; customerId: string } | { email: string; issuer: string; customerId: string };

/**
 * Reads and validates one data row with the mapping's own rules (`customer-link.validation.ts`).
 * A row with a subject is keyed by it (the email, if any, is only the user name); else by its email.
 * @param issuer the issuer of a row without an `issuer` value (the module's)
 * @throws InvalidCustomerLinkError naming the rule, never the value
 */
export function readRow(fields: string[], columns: ImportColumns, issuer: string): ImportRow {
  if (fields.length !== columns.width) {
    throw new InvalidCustomerLinkError(
      'row',
      `the row has ${fields.length} fields where the header has ${columns.width}`,
    );
  }
  const at = (index: number | undefined) => (index === undefined ? '' : fields[index].trim());
  const customerId = at(columns.customer);
  assertCustomerId(customerId);
  const rowIssuer = at(columns.issuer) || issuer;
  const subject = at(columns.subject);
  if (subject !== '') return { person: personKeyOf({ issuer: rowIssuer, subject }, issuer), customerId };
  const email = at(columns.email);
  if (email === '') throw new InvalidCustomerLinkError('userId', 'the row has neither a subject nor an email');
  const key = emailKey(email);
  if (!key) throw new InvalidCustomerLinkError('email', 'the email is not a plain ASCII address');
  // Checks the issuer the same way a keyed row's is checked.
  personKeyOf({ issuer: rowIssuer, subject: key.address }, issuer);
  return { email: key.address, issuer: rowIssuer, customerId };
}
