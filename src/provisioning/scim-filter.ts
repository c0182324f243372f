import { quoteScimValue, ScimError } from './scim-errors.js';
import { MAX_ID_LENGTH } from './scim-values.js';

/** The one kind of filter the endpoint answers: equality on userName or externalId. */
export interface UserFilter {
  readonly attribute: 'userName' | 'externalId';
  /** The compared value, JSON escapes decoded. */
  readonly value: string;
}

// Far above `externalId eq "<255 characters, each escaped as \uXXXX>"`; anything longer is refused
// before it is scanned.
const MAX_FILTER_LENGTH = 2048;
const CORE_USER_PREFIX = 'urn:ietf:params:scim:schemas:core:2.0:user:';
const SUPPORTED = 'Only the filters userName eq "…" and externalId eq "…" are supported';
// attribute SP "eq" SP, then the value from the first quote; the names and "eq" are case-insensitive
// (RFC 7644 §3.4.2.2), and the attribute may carry the core schema's URN as prefix.
const HEAD = /^\s*([A-Za-z][\w:.-]*)[ \t]+eq[ \t]+(?=")/i;

/**
 * Parses the `filter` of `GET /Users`. Entra ID and Okta both look a person up before creating them,
 * with `userName eq "…"` (Entra: also `externalId eq "…"` when so mapped), so that is all this
 * accepts: no other attribute or operator, no `and`/`or`/`not`, no grouping. The value is a JSON
 * string (`\"`, `\\`, `\uXXXX` decoded), at most 255 characters once decoded.
 * @throws ScimError 400 invalidFilter for anything else, including an unterminated string and trailing text
 * @example parseUserFilter('userName eq "ada@contoso.com"') // { attribute: 'userName', value: 'ada@contoso.com' }
 */
export function parseUserFilter(text: unknown): UserFilter {
  if (typeof text !== 'string' || text.length > MAX_FILTER_LENGTH) {
    throw new ScimError(
      400,
      'invalidFilter',
      `${SUPPORTED}; the filter must be a string under ${MAX_FILTER_LENGTH} characters`,
    );
  }
  const head = HEAD.exec(text);
  const attribute = head ? attributeOf(head[1]) : undefined;
  if (!head || !attribute) throw new ScimError(400, 'invalidFilter', SUPPORTED);
  const start = head[0].length;
  const end = closingQuote(text, start);
  if (end < 0) throw new ScimError(400, 'invalidFilter', 'The filter value is an unterminated string');
  if (text.slice(end + 1).trim() !== '') throw new ScimError(400, 'invalidFilter', SUPPORTED);
  const value = decodeJsonString(text.slice(start, end + 1));
  if (value.length > MAX_ID_LENGTH) {
    throw new ScimError(400, 'invalidFilter', `The filter value is longer than ${MAX_ID_LENGTH} characters`);
  }
  return { attribute, value };
}

/**
 * The key userNames are compared and stored for uniqueness by: SCIM's userName is case-insensitive
 * (`caseExact: false`, RFC 7643 §4.1.1), so `Ada@Contoso.com` and `ada@contoso.com` are one user.
 * Unicode is normalised to NFC first, so composed and decomposed accents are one user too.
 */
export function userNameKey(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}

function attributeOf(name: string): UserFilter['attribute'] | undefined {
  const lower = name.toLowerCase();
  const bare = lower.startsWith(CORE_USER_PREFIX) ? lower.slice(CORE_USER_PREFIX.length) : lower;
  if (bare === 'username') return 'userName';
  if (bare === 'externalid') return 'externalId';
  return undefined;
}

/** The index of the quote that ends the string opened at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function decodeJsonString(quoted: string): string {
  try {
    // JSON.parse of a quoted literal gives exactly JSON's escapes and refuses raw control characters.
    return JSON.parse(quoted) as string;
  } catch {
    throw new ScimError(400, 'invalidFilter', `The filter value ${quoteScimValue(quoted)} is not a valid string`);
  }
}
