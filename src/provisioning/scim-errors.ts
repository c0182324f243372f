import { logValue } from '../common/log-value.js';

/** The message schema of every SCIM error body (RFC 7644 §3.12). */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The `scimType` keywords of RFC 7644 §3.12 (table 9) this package uses. */
export type ScimErrorType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidValue'
  | 'invalidPath'
  | 'mutability'
  | 'uniqueness'
  | 'noTarget'
  | 'tooMany';

// A client value quoted in a detail is cut to this many characters: enough to recognise it, too
// short to turn an error body into an echo of whatever the client sent.
const QUOTED_VALUE_MAX_LENGTH = 40;
// The whole detail, as a last bound should a caller build a long one.
const DETAIL_MAX_LENGTH = 300;

/**
 * A request the SCIM endpoint refuses, with the HTTP status and (for a 400) the RFC keyword that
 * tells the client why. Thrown by every reader in this folder; the controller turns it into
 * {@link scimErrorBody}. Details are written for the IdP's provisioning log, which an administrator
 * reads: they name the attribute and the rule, and quote a client value only through
 * {@link quoteScimValue}.
 * @example throw new ScimError(400, 'invalidFilter', 'Only userName eq "…" and externalId eq "…" are supported')
 */
export class ScimError extends Error {
  override readonly name = 'ScimError';

  /**
   * @param status an HTTP error status, 400 to 599
   * @throws RangeError for any other status (a programming error)
   */
  constructor(
    readonly status: number,
    readonly scimType: ScimErrorType | undefined,
    readonly detail: string,
  ) {
    super(detail);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`A SCIM error status is 400 to 599, not ${status}`);
    }
  }
}

/** The JSON body of a SCIM error response (RFC 7644 §3.12). `status` is a string there, not a number. */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof SCIM_ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimErrorType;
  readonly detail: string;
}

/**
 * The response body for `error`: `{ schemas, status: "400", scimType?, detail }`. `scimType` is left
 * out when there is none (RFC 7644 only defines it for 400s), and the detail is cut to a few hundred
 * characters.
 */
export function scimErrorBody(error: ScimError): ScimErrorBody {
  const detail = logValue(error.detail, DETAIL_MAX_LENGTH);
  return error.scimType === undefined
    ? { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), detail }
    : { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), scimType: error.scimType, detail };
}

/**
 * A client value as an error detail may quote it: in double quotes, control and format characters
 * escaped, at most 40 characters of it, and only strings, numbers and booleans by value (an object
 * or array is named by its kind, never rendered).
 * @example quoteScimValue('x'.repeat(100)) // '"xxxx…(60 more)"' with 40 x's
 */
export function quoteScimValue(value: unknown): string {
  if (typeof value === 'string') return `"${logValue(value, QUOTED_VALUE_MAX_LENGTH)}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}
