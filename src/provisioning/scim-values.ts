import { quoteScimValue, ScimError } from './scim-errors.js';

/** Longest userName or externalId kept: the size of the columns that will hold them. */
export const MAX_ID_LENGTH = 255;
/** Longest display name, given name or family name kept. */
export const MAX_NAME_LENGTH = 255;
/** Longest email address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

// Control characters (C0, C1, DEL) in a user name or an email address are never legitimate and can
// break the logs and pages that show them.
const CONTROL = /\p{Cc}/u;

/** A JSON object as a client sent it: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object's own attributes by lower-cased name. SCIM attribute names are case-insensitive
 * (RFC 7643 §2.1), so `userName` and `USERNAME` are one attribute; a body that sends both is
 * ambiguous and refused rather than resolved by key order. Only own keys are read: an inherited
 * property (or an own `__proto__` key from JSON.parse) is never mistaken for an attribute.
 * @throws ScimError 400 invalidSyntax when two keys differ only by case
 */
export function attributesOf(object: Record<string, unknown>, where: string): Map<string, unknown> {
  const byName = new Map<string, unknown>();
  for (const key of Object.keys(object)) {
    const name = key.toLowerCase();
    if (byName.has(name)) {
      throw new ScimError(400, 'invalidSyntax', `${where} has the attribute ${quoteScimValue(key)} twice`);
    }
    byName.set(name, object[key]);
  }
  return byName;
}

/**
 * A SCIM boolean: `true`/`false`, or the strings `"True"`, `"False"`, `"true"`, `"false"`, which
 * Microsoft Entra's provisioning service sends for `active` unless the app's tenant URL carries its
 * compliance flag (Entra's "Known issues ... SCIM 2.0 protocol compliance").
 * @throws ScimError 400 invalidValue for anything else
 */
export function readScimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new ScimError(400, 'invalidValue', `${attribute} must be a boolean, not ${quoteScimValue(value)}`);
}

/** How a string attribute is read. */
export interface StringRule {
  readonly maxLength: number;
  /** Cut surrounding white space first (names and user names); an identifier is kept exactly. */
  readonly trim: boolean;
}

/**
 * A string attribute, checked: a string of at most `maxLength` characters with no control
 * characters. An empty string (after trimming, when trimmed) is returned as `undefined`, the same as
 * `null`: both mean "no value" for an optional attribute (RFC 7643 §2.5).
 * @throws ScimError 400 invalidValue for another type, an overlong value or a control character
 */
export function readOptionalString(value: unknown, attribute: string, rule: StringRule): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ScimError(400, 'invalidValue', `${attribute} must be a string, not ${quoteScimValue(value)}`);
  }
  const text = rule.trim ? value.trim() : value;
  if (text.length > rule.maxLength) {
    throw new ScimError(400, 'invalidValue', `${attribute} is longer than ${rule.maxLength} characters`);
  }
  if (CONTROL.test(text)) throw new ScimError(400, 'invalidValue', `${attribute} contains a control character`);
  return text === '' ? undefined : text;
}

/**
 * The userName: required, trimmed, non-empty, at most {@link MAX_ID_LENGTH} characters.
 * @throws ScimError 400 invalidValue when absent, empty or not a fitting string
 */
export function readUserName(value: unknown): string {
  const userName = readOptionalString(value, 'userName', { maxLength: MAX_ID_LENGTH, trim: true });
  if (userName === undefined) throw new ScimError(400, 'invalidValue', 'userName is required and cannot be empty');
  return userName;
}
