import type { EmailFilterMode, EmulatorCustomer } from './emulator.types.js';

/** Position after the last item of a page; sent to clients base64-encoded, opaque to them. */
export interface ListCursor {
  last_created_at: string;
  last_id: string;
}

/** The API's view of a customer: the spec's Customer object, without the emulator's internal fields. */
export function publicCustomer(customer: EmulatorCustomer): Record<string, unknown> {
  const { id, type, first_name, last_name, email, created_at } = customer;
  const base = { object: 'customer', id, type, first_name, last_name };
  // The Person schema has no company_name; the Company schema requires it.
  const company = type === 'company' ? { company_name: customer.company_name } : {};
  return { ...base, ...company, email, vat_id: customer.vat_id ?? null, created_at };
}

/** Newest first; ties broken by id so the order is total and keyset paging never skips or repeats. */
export function compareCustomers(a: EmulatorCustomer, b: EmulatorCustomer): number {
  const byTime = Date.parse(b.created_at) - Date.parse(a.created_at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Encodes a cursor pointing after `customer`. */
export function encodeCursor(customer: EmulatorCustomer): string {
  const cursor: ListCursor = { last_created_at: customer.created_at, last_id: customer.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

/** Decodes a cursor; `undefined` when it is not one of ours. */
export function decodeCursor(raw: string): ListCursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<ListCursor>;
    if (typeof value.last_created_at !== 'string' || typeof value.last_id !== 'string') return undefined;
    if (Number.isNaN(Date.parse(value.last_created_at))) return undefined;
    return { last_created_at: value.last_created_at, last_id: value.last_id };
  } catch {
    return undefined;
  }
}

/** True when `customer` comes after the cursor's position in list order. */
export function isAfterCursor(customer: EmulatorCustomer, cursor: ListCursor): boolean {
  const marker = { created_at: cursor.last_created_at, id: cursor.last_id } as EmulatorCustomer;
  return compareCustomers(marker, customer) < 0;
}

const STRING_FIELDS = new Set(['email', 'type']);

/**
 * Applies `filter[<field>][<op>]=value` for the string fields `email` and `type` (case-insensitive).
 * Anything else (other fields, `created_at`, unknown operators) is ignored, as the real API does.
 * `emailMode` changes how the email filter compares (see {@link EmailFilterMode}).
 */
export function matchesFilters(
  customer: EmulatorCustomer,
  query: URLSearchParams,
  emailMode: EmailFilterMode = 'case-insensitive',
): boolean {
  for (const [key, rawValue] of query) {
    const match = /^filter\[(\w+)\]\[(\w+)\]$/.exec(key);
    if (!match || !STRING_FIELDS.has(match[1])) continue;
    const email = match[1] === 'email';
    if (email && emailMode === 'ignored') continue;
    const fold = (text: string) =>
      (email && emailMode === 'unicode-fold' ? text.normalize('NFKC') : text).toLowerCase();
    const actual = fold(String(customer[match[1] as 'email' | 'type']));
    const value = fold(rawValue);
    const ok = stringOp(match[2], actual, value);
    if (ok === false) return false;
  }
  return true;
}

function stringOp(op: string, actual: string, value: string): boolean | undefined {
  switch (op) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'in':
      return value
        .split(',')
        .map((v) => v.trim())
        .includes(actual);
    case 'contains':
      return actual.includes(value);
    case 'starts_with':
      return actual.startsWith(value);
    case 'ends_with':
      return actual.endsWith(value);
    // The emulated string fields are never null.
    case 'is_null':
      return value === 'false';
    default:
      return undefined;
  }
}
