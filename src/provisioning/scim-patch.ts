import { quoteScimValue, ScimError } from './scim-errors.js';
import type { ScimUserAttributes } from './scim-user.js';
import { type PatchTarget as Target, targetOf } from './scim-patch-path.js';
import { type ScimUserChanges, userChanges } from './scim-user-changes.js';
import { NAME_RULE, readEmailChoices, readWorkEmail } from './scim-user-parts.js';
import {
  attributesOf,
  isJsonObject,
  MAX_EMAIL_LENGTH,
  MAX_ID_LENGTH,
  readOptionalString,
  readScimBoolean,
  readUserName,
} from './scim-values.js';

/** The message schema of a PATCH body (RFC 7644 §3.5.2). */
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// Entra sends one operation per changed attribute, a few dozen at most for a full profile.
const MAX_OPERATIONS = 50;
// Attributes in one path-less value (Okta: `{ active: false }`; Entra: a changed profile).
const MAX_VALUE_KEYS = 100;
const MAX_PATH_LENGTH = 512;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Applies a PatchOp body (RFC 7644 §3.5.2) to `current`, as Entra ID and Okta send them: `op` in any
 * case (`Replace`, `Add`, `remove`); with a `path` (`active`, `userName`, `externalId`, `displayName`,
 * `name.givenName`, `name.familyName`, `name`, `emails`, `emails[type eq "work"].value`, optionally
 * prefixed with the core User URN) or without one, the value then an object of attributes (Okta's
 * `{ active: false }`, Entra's `{ "name.givenName": … }`). Paths this package does not keep (the
 * enterprise extension, `phoneNumbers[…]`, `roles`, …) are skipped, since Entra sends every mapped
 * attribute. `add` and `replace` act alike on single-valued attributes. All operations apply or none:
 * `current` is never modified, and any error leaves nothing half-applied.
 * @returns the new state (the rest of `current` copied) and what changed, notably `deactivated`/`reactivated`
 * @throws ScimError 400: invalidSyntax for a body that is not a PatchOp or an unknown `op`; invalidPath for a
 *   `path` that is not a string; noTarget for `remove` without a path; mutability for removing `userName` or
 *   `active`; invalidValue for a value of the wrong type or size
 */
export function applyUserPatch<T extends ScimUserAttributes>(
  current: T,
  body: unknown,
): { readonly user: T; readonly changes: ScimUserChanges } {
  const next: Mutable<ScimUserAttributes> = { ...pick(current) };
  for (const operation of readOperations(body)) applyOperation(next, operation);
  return { user: { ...current, ...next }, changes: userChanges(current, next) };
}

function readOperations(body: unknown): unknown[] {
  if (!isJsonObject(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object');
  const attributes = attributesOf(body, 'The PatchOp');
  const schemas = attributes.get('schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SCIM_PATCH_SCHEMA)) {
    throw new ScimError(400, 'invalidSyntax', `schemas must list ${SCIM_PATCH_SCHEMA}`);
  }
  const operations = attributes.get('operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimError(400, 'invalidSyntax', 'Operations must be a non-empty list');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw new ScimError(400, 'invalidValue', `A PATCH may carry at most ${MAX_OPERATIONS} operations`);
  }
  return operations;
}

function applyOperation(next: Mutable<ScimUserAttributes>, operation: unknown): void {
  if (!isJsonObject(operation)) throw new ScimError(400, 'invalidSyntax', 'Each operation must be an object');
  const parts = attributesOf(operation, 'An operation');
  const op = parts.get('op');
  const kind = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') {
    throw new ScimError(400, 'invalidSyntax', `op must be add, replace or remove, not ${quoteScimValue(op)}`);
  }
  const path = parts.get('path');
  const value = parts.get('value');
  if (path === undefined || path === null) {
    if (kind === 'remove') throw new ScimError(400, 'noTarget', 'A remove operation needs a path');
    if (!isJsonObject(value))
      throw new ScimError(400, 'invalidValue', `An ${kind} without a path needs an object value`);
    const keys = Object.keys(value);
    if (keys.length > MAX_VALUE_KEYS)
      throw new ScimError(400, 'invalidValue', `A value may set at most ${MAX_VALUE_KEYS} attributes`);
    attributesOf(value, 'The value'); // refuses two spellings of one attribute
    for (const key of keys) setTarget(next, targetOf(key), value[key], kind);
    return;
  }
  if (typeof path !== 'string' || path === '' || path.length > MAX_PATH_LENGTH) {
    throw new ScimError(400, 'invalidPath', `path must be a non-empty string under ${MAX_PATH_LENGTH} characters`);
  }
  const target = targetOf(path);
  if (kind === 'remove') removeTarget(next, target);
  else if (value === undefined)
    throw new ScimError(400, 'invalidValue', `An ${kind} of ${quoteScimValue(path)} needs a value`);
  else setTarget(next, target, value, kind);
}

function setTarget(next: Mutable<ScimUserAttributes>, target: Target | undefined, value: unknown, kind: string): void {
  switch (target) {
    case undefined:
      return;
    case 'userName':
      next.userName = readUserName(value);
      return;
    case 'active':
      // null would leave the person's status unknown; only a boolean decides it.
      next.active = readScimBoolean(value, 'active');
      return;
    case 'externalId':
      next.externalId = readOptionalString(value, 'externalId', { maxLength: MAX_ID_LENGTH, trim: false });
      return;
    case 'displayName':
    case 'givenName':
    case 'familyName':
      next[target] = readOptionalString(value, target, NAME_RULE);
      return;
    case 'email':
      next.email = readOptionalString(value, 'emails.value', { maxLength: MAX_EMAIL_LENGTH, trim: true });
      return;
    case 'name':
      return setName(next, value);
    case 'emails': {
      // replace sets the whole list; add appends to it, so only an address marked primary or work
      // displaces the kept one, and an add with none leaves it.
      if (kind === 'replace') next.email = readWorkEmail(value);
      else {
        const { primary, work } = readEmailChoices(value);
        next.email = primary ?? work ?? next.email;
      }
      return;
    }
  }
}

/** Sub-attributes left out of a `name` value are left as they are (RFC 7644 §3.5.2.1 and §3.5.2.3). */
function setName(next: Mutable<ScimUserAttributes>, value: unknown): void {
  if (value === null) return removeTarget(next, 'name');
  if (!isJsonObject(value))
    throw new ScimError(400, 'invalidValue', `name must be an object, not ${quoteScimValue(value)}`);
  const parts = attributesOf(value, 'name');
  if (parts.has('givenname')) next.givenName = readOptionalString(parts.get('givenname'), 'name.givenName', NAME_RULE);
  if (parts.has('familyname'))
    next.familyName = readOptionalString(parts.get('familyname'), 'name.familyName', NAME_RULE);
}

function removeTarget(next: Mutable<ScimUserAttributes>, target: Target | undefined): void {
  if (target === 'userName' || target === 'active') {
    throw new ScimError(400, 'mutability', `${target} is required and cannot be removed`);
  }
  if (target === 'name') {
    next.givenName = undefined;
    next.familyName = undefined;
  } else if (target === 'emails') next.email = undefined;
  else if (target !== undefined) next[target] = undefined;
}

function pick(user: ScimUserAttributes): ScimUserAttributes {
  const { userName, externalId, active, displayName, givenName, familyName, email } = user;
  return { userName, externalId, active, displayName, givenName, familyName, email };
}
