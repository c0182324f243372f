import { ScimError } from './scim-errors.js';
import { NAME_RULE, readName, readWorkEmail } from './scim-user-parts.js';
import {
  attributesOf,
  isJsonObject,
  MAX_ID_LENGTH,
  readOptionalString,
  readScimBoolean,
  readUserName,
} from './scim-values.js';

/** The core User schema (RFC 7643 §4.1). */
export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What this package keeps of a provisioned User; everything else a client sends is ignored. */
export interface ScimUserAttributes {
  /** Unique at the service provider, compared case-insensitively (see `userNameKey`). */
  readonly userName: string;
  /** The client's own id for the person (Entra: often the object id; Okta: its user id). */
  readonly externalId?: string;
  /** False while the IdP has the person disabled, unassigned or soft-deleted. */
  readonly active: boolean;
  readonly displayName?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** The primary (or else the work) email address. */
  readonly email?: string;
}

/** A stored User: its attributes and the server's bookkeeping. */
export interface ScimUserRecord extends ScimUserAttributes {
  /** The server's id, opaque and immutable, in the resource's URL. */
  readonly id: string;
  readonly created: Date;
  readonly lastModified: Date;
  /** Raised on every change; rendered as the weak ETag `W/"<version>"`. */
  readonly version: number;
}

/** A User as a POST or PUT body gave it; `undefined` where the body left an attribute out. */
export type ScimUserInput = Omit<ScimUserAttributes, 'userName' | 'active'> & {
  readonly userName?: string;
  /** Left to the caller when absent: a create defaults it to true, a replace keeps the current value. */
  readonly active?: boolean;
};

// Entra sends two or three (core, enterprise, its own extension); a long list is not a User.
const MAX_SCHEMAS = 20;

/**
 * Reads a POST or PUT body as Entra ID and Okta send it: `schemas` must list the core User schema;
 * `userName` a non-empty string (trimmed, at most 255 characters); `externalId` at most 255 characters,
 * kept exactly; `active` a boolean or one of Entra's string booleans; `displayName`, `name.givenName`,
 * `name.familyName` and the primary work address of `emails` are kept when well-formed. Everything else
 * (`id`, `meta`, `roles`, `phoneNumbers`, the enterprise extension, …) is ignored. Attribute names are
 * case-insensitive. Nothing is read from prototypes.
 * @param options.requireUserName true for a create; false lets a replace leave it out (it keeps its own)
 * @throws ScimError 400 invalidSyntax for a body that is not a User object; 400 invalidValue for a bad attribute
 */
export function readUserBody(body: unknown, options: { requireUserName: true }): ScimUserInput & { userName: string };
export function readUserBody(body: unknown, options: { requireUserName: boolean }): ScimUserInput;
export function readUserBody(body: unknown, options: { requireUserName: boolean }): ScimUserInput {
  if (!isJsonObject(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a JSON object');
  const attributes = attributesOf(body, 'The User');
  checkSchemas(attributes.get('schemas'));
  const userNameValue = attributes.get('username');
  const userName = options.requireUserName || userNameValue !== undefined ? readUserName(userNameValue) : undefined;
  const activeValue = attributes.get('active');
  const name = readName(attributes.get('name'));
  return {
    userName,
    externalId: readOptionalString(attributes.get('externalid'), 'externalId', {
      maxLength: MAX_ID_LENGTH,
      trim: false,
    }),
    active: activeValue === undefined || activeValue === null ? undefined : readScimBoolean(activeValue, 'active'),
    displayName: readOptionalString(attributes.get('displayname'), 'displayName', NAME_RULE),
    givenName: name.givenName,
    familyName: name.familyName,
    email: readWorkEmail(attributes.get('emails')),
  };
}

function checkSchemas(schemas: unknown): void {
  if (!Array.isArray(schemas) || schemas.length > MAX_SCHEMAS || !schemas.includes(SCIM_USER_SCHEMA)) {
    throw new ScimError(400, 'invalidSyntax', `schemas must list ${SCIM_USER_SCHEMA}`);
  }
}

/** A User resource as the endpoint answers it (RFC 7643 §4.1, meta per §3.1). */
export interface ScimUserResource {
  readonly schemas: readonly [typeof SCIM_USER_SCHEMA];
  readonly id: string;
  readonly externalId?: string;
  readonly userName: string;
  readonly active: boolean;
  readonly displayName?: string;
  readonly name?: { readonly givenName?: string; readonly familyName?: string };
  readonly emails?: readonly [{ readonly value: string; readonly type: 'work'; readonly primary: true }];
  readonly meta: {
    readonly resourceType: 'User';
    readonly created: string;
    readonly lastModified: string;
    readonly version: string;
    readonly location: string;
  };
}

/**
 * Renders a stored User. Absent attributes are left out rather than sent as null. `active` is always
 * present: Entra's validator reads it back after a disable.
 * @param baseUrl the endpoint's absolute base, e.g. `https://app.example.com/scim/v2` (a trailing `/` is fine)
 */
export function toScimUser(record: ScimUserRecord, baseUrl: string): ScimUserResource {
  const hasName = record.givenName !== undefined || record.familyName !== undefined;
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: record.id,
    ...(record.externalId === undefined ? {} : { externalId: record.externalId }),
    userName: record.userName,
    active: record.active,
    ...(record.displayName === undefined ? {} : { displayName: record.displayName }),
    ...(hasName ? { name: definedOnly({ givenName: record.givenName, familyName: record.familyName }) } : {}),
    ...(record.email === undefined ? {} : { emails: [{ value: record.email, type: 'work', primary: true }] as const }),
    meta: {
      resourceType: 'User',
      created: record.created.toISOString(),
      lastModified: record.lastModified.toISOString(),
      version: `W/"${record.version}"`,
      location: `${baseUrl.replace(/\/+$/, '')}/Users/${encodeURIComponent(record.id)}`,
    },
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
