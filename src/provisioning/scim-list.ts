import { quoteScimValue, ScimError } from './scim-errors.js';
import { parseUserFilter, type UserFilter } from './scim-filter.js';
import { isJsonObject } from './scim-values.js';

/** The message schema of a query's answer (RFC 7644 §3.4.2). */
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** The most Users one page holds, and the `maxResults` the service provider config announces. */
export const MAX_PAGE_SIZE = 100;

/** A `GET /Users` query, checked. */
export interface UserListQuery {
  /** Absent: list every User (Okta's connection test and imports do). */
  readonly filter?: UserFilter;
  /** 1-based index of the first result. */
  readonly startIndex: number;
  /** How many to return, 0 to {@link MAX_PAGE_SIZE}; 0 asks for `totalResults` only. */
  readonly count: number;
}

// Digits only, with an optional sign; `1e3`, `0x10`, `1.5` and ` 7` are not integers a client meant.
const INTEGER = /^[+-]?\d{1,15}$/;

/**
 * Reads `filter`, `startIndex` and `count` from a parsed query string (`req.query`), as Okta sends
 * them (`filter=userName eq "x"&startIndex=1&count=100`, or `startIndex=1&count=2` to test the
 * connection) and Entra ID (`filter=userName eq "x"` alone). Per RFC 7644 §3.4.2.4 a `startIndex`
 * below 1 counts as 1 and a negative `count` as 0; a `count` above {@link MAX_PAGE_SIZE} is cut to it.
 * Other parameters (`attributes`, `excludedAttributes`, `sortBy`) are not acted on and are ignored.
 * @throws ScimError 400 invalidValue for a number that is not an integer or a parameter given twice;
 *   400 invalidFilter for a filter `parseUserFilter` refuses
 */
export function readListQuery(query: unknown): UserListQuery {
  const params = isJsonObject(query) ? query : {};
  const filterText = param(params, 'filter');
  const startIndex = integerParam(params, 'startIndex') ?? 1;
  const count = integerParam(params, 'count') ?? MAX_PAGE_SIZE;
  return {
    ...(filterText === undefined ? {} : { filter: parseUserFilter(filterText) }),
    startIndex: Math.max(1, startIndex),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count)),
  };
}

function param(params: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(params, name)) return undefined;
  const value = params[name];
  if (value === undefined) return undefined;
  // Express gives an array for a repeated parameter and an object for `a[b]=c`: neither is one value.
  if (typeof value !== 'string') throw new ScimError(400, 'invalidValue', `${name} must be given once, as text`);
  return value;
}

function integerParam(params: Record<string, unknown>, name: string): number | undefined {
  const text = param(params, name);
  if (text === undefined) return undefined;
  if (!INTEGER.test(text)) {
    throw new ScimError(400, 'invalidValue', `${name} must be an integer, not ${quoteScimValue(text)}`);
  }
  return Number(text);
}

/** A ListResponse (RFC 7644 §3.4.2) of one page of resources. */
export interface ScimListResponse<T> {
  readonly schemas: readonly [typeof SCIM_LIST_SCHEMA];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly Resources: readonly T[];
}

/**
 * The answer to a query: `resources` is the page (already cut to `count`), `total` how many matched
 * in all. `Resources` is sent even when empty, as in Entra's documented answer to a lookup that finds no one.
 */
export function toListResponse<T>(resources: readonly T[], total: number, startIndex: number): ScimListResponse<T> {
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
