import type { AuditOutcome, AuditQuery } from '../audit/index.js';
import { InvalidAdminRequestError } from './admin.errors.js';
import type { MappingListQuery } from './mapping-export.js';

/** A request's query string as Express gives it: repeated keys become arrays, so nothing is trusted. */
export type RawQuery = Record<string, unknown>;

const MAX_TEXT = 1024;

/** An optional single text parameter. @throws InvalidAdminRequestError when repeated, empty or too long */
export function text(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT) {
    throw new InvalidAdminRequestError(name, `${name} must be given once, 1–${MAX_TEXT} characters`);
  }
  return value;
}

/** An optional whole-number parameter. */
export function whole(query: RawQuery, name: string): number | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new InvalidAdminRequestError(name, `${name} must be a whole number`);
  return Number(value);
}

/** An optional instant (ISO 8601). */
function instant(query: RawQuery, name: string): Date | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidAdminRequestError(name, `${name} must be an ISO 8601 date and time`);
  }
  return date;
}

/** `1`/`true` or `0`/`false`; absent is false. */
export function flag(query: RawQuery, name: string): boolean {
  const value = text(query, name);
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new InvalidAdminRequestError(name, `${name} must be 1 or 0`);
}

/** `GET mappings`: `issuer`, `customerId`, `limit`, `after`. */
export function mappingQuery(query: RawQuery): MappingListQuery {
  return {
    issuer: text(query, 'issuer'),
    customerId: text(query, 'customerId'),
    limit: whole(query, 'limit'),
    after: whole(query, 'after'),
  };
}

/** `GET audit` and the audit exports: the filters of `AuditService.query` (it validates them). */
export function auditQuery(query: RawQuery): AuditQuery {
  return {
    userId: text(query, 'userId'),
    issuer: text(query, 'issuer'),
    customerId: text(query, 'customerId'),
    outcome: text(query, 'outcome') as AuditOutcome | undefined,
    from: instant(query, 'from'),
    to: instant(query, 'to'),
    limit: whole(query, 'limit'),
    after: text(query, 'after'),
  };
}

/** Drops the `undefined` entries, so that a filter is only what was asked. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
