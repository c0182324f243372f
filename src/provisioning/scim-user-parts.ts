import { quoteScimValue, ScimError } from './scim-errors.js';
import {
  attributesOf,
  isJsonObject,
  MAX_EMAIL_LENGTH,
  MAX_NAME_LENGTH,
  readOptionalString,
  readScimBoolean,
  type StringRule,
} from './scim-values.js';

/** How display, given and family names are read: trimmed, at most 255 characters. */
export const NAME_RULE: StringRule = { maxLength: MAX_NAME_LENGTH, trim: true };

// A person has a handful of addresses; a list far longer is not a person's and is not read.
const MAX_EMAILS = 10;
const MAX_EMAIL_TYPE_LENGTH = 32;

/** `name` as a complex attribute; only the given and family names are kept. */
export function readName(value: unknown): { givenName?: string; familyName?: string } {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value))
    throw new ScimError(400, 'invalidValue', `name must be an object, not ${quoteScimValue(value)}`);
  const parts = attributesOf(value, 'name');
  return {
    givenName: readOptionalString(parts.get('givenname'), 'name.givenName', NAME_RULE),
    familyName: readOptionalString(parts.get('familyname'), 'name.familyName', NAME_RULE),
  };
}

/** The addresses of an `emails` list that could be kept. */
export interface EmailChoices {
  readonly primary?: string;
  /** The first of type work. */
  readonly work?: string;
  readonly first?: string;
}

/**
 * The address kept from `emails`: the one marked primary, else the first of type work, else the first.
 * @throws ScimError 400 invalidValue for a list that is not one, too long, malformed, or with two primaries
 */
export function readWorkEmail(value: unknown): string | undefined {
  const { primary, work, first } = readEmailChoices(value);
  return primary ?? work ?? first;
}

/**
 * The candidates of an `emails` list, checked; entries without an address are skipped.
 * @throws ScimError as {@link readWorkEmail}
 */
export function readEmailChoices(value: unknown): EmailChoices {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value) || value.length > MAX_EMAILS) {
    throw new ScimError(400, 'invalidValue', `emails must be a list of at most ${MAX_EMAILS} addresses`);
  }
  let primaries = 0;
  let primary: string | undefined;
  let work: string | undefined;
  let first: string | undefined;
  for (const entry of value as unknown[]) {
    if (!isJsonObject(entry)) throw new ScimError(400, 'invalidValue', 'Each of emails must be an object');
    const parts = attributesOf(entry, 'emails');
    const address = readOptionalString(parts.get('value'), 'emails.value', { maxLength: MAX_EMAIL_LENGTH, trim: true });
    const type = readOptionalString(parts.get('type'), 'emails.type', { maxLength: MAX_EMAIL_TYPE_LENGTH, trim: true });
    const primaryValue = parts.get('primary');
    const isPrimary =
      primaryValue !== undefined && primaryValue !== null && readScimBoolean(primaryValue, 'emails.primary');
    // RFC 7643 §2.4: "primary" is true for at most one value.
    if (isPrimary && ++primaries > 1) throw new ScimError(400, 'invalidValue', 'Only one of emails can be primary');
    if (address === undefined) continue;
    if (isPrimary) primary = address;
    if (work === undefined && type?.toLowerCase() === 'work') work = address;
    first ??= address;
  }
  return { primary, work, first };
}
