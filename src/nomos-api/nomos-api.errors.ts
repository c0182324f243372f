import { logValue } from '../common/log-value.js';
import type { NomosApiErrorCode } from '../errors/index.js';
import { NomosPortalError } from '../errors/index.js';

/** What a `NomosApiError` carries besides its message. */
export interface NomosApiErrorDetails {
  /** HTTP status of the Nomos response; absent for network errors and timeouts. */
  statusCode?: number;
  /**
   * The code Nomos answered with (`NOT_FOUND`, `TOO_MANY_REQUESTS`…, upper-snake; derived from the
   * status when the body had none); absent when Nomos did not answer (network errors, timeouts).
   */
  nomosCode?: string;
  /** Nomos request id, from the error body or the `x-request-id` header, to quote to Nomos support. */
  requestId?: string;
  /** Whether trying again may succeed (429, 5xx, network errors, timeouts). */
  retryable: boolean;
  /** How long Nomos asked us to wait (`Retry-After` on 429/503), in milliseconds. */
  retryAfterMs?: number;
  /** The underlying error, for network failures only (never a response body). */
  cause?: unknown;
}

/**
 * Any failure talking to the Nomos API. Switch on `code` (fixed per subclass) or the subclass;
 * log `nomosCode` and `requestId`. The message holds at most a short, scrubbed excerpt of the
 * upstream `message` field, never a body, token or link.
 */
export class NomosApiError extends NomosPortalError {
  /** `NOMOS_API_ERROR`: an error status the subclasses do not cover (see {@link NomosApiErrorCode}). */
  readonly code: NomosApiErrorCode = 'NOMOS_API_ERROR';
  /** HTTP status of the Nomos response; absent for network errors and timeouts. */
  readonly statusCode?: number;
  /** The code Nomos answered with, when it answered. */
  readonly nomosCode?: string;
  /** Nomos request id, when Nomos sent one. */
  readonly requestId?: string;
  /** Whether trying again may succeed. */
  readonly retryable: boolean;
  /** Wait Nomos asked for (`Retry-After`, 429/503 only), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: NomosApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.statusCode = details.statusCode;
    this.nomosCode = details.nomosCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Nomos did not accept our identity: an API call still got 401 after one retry with a fresh token,
 * or the token endpoint refused the client credentials. Check `clientId`/`clientSecret`.
 * `code` is `NOMOS_AUTHENTICATION_FAILED`.
 */
export class NomosAuthenticationError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'NOMOS_AUTHENTICATION_FAILED';
}

/**
 * Nomos answered 429 more often than we retry, or asked for a wait past the call's deadline;
 * `retryAfterMs` says how long it asked us to wait. `code` is `RATE_LIMITED`.
 */
export class NomosRateLimitError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'RATE_LIMITED';
}

/** The Nomos API could not be reached (DNS, refused, reset…). `code` is `CONNECTION_ERROR`. */
export class NomosConnectionError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'CONNECTION_ERROR';
}

/**
 * One attempt took longer than `timeoutMs` (connect, headers or body), or the call its deadline.
 * `code` is `TIMEOUT`.
 */
export class NomosTimeoutError extends NomosConnectionError {
  override readonly code: NomosApiErrorCode = 'TIMEOUT';
}

/** A 2xx answer whose body is not what the Nomos spec promises. `code` is `INVALID_RESPONSE`. */
export class NomosInvalidResponseError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'INVALID_RESPONSE';
}

/**
 * The caller gave up (its `AbortSignal` fired, e.g. the person closed the page): the in-flight
 * attempt was cut and no retry follows. `code` is `ABORTED`; not retryable.
 */
export class NomosAbortedError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'ABORTED';
  constructor() {
    super('Nomos API call aborted by the caller', { retryable: false });
  }
}

/**
 * Builds the `NomosInvalidResponseError` for a 2xx body that fails validation.
 * @param retryable whether asking again may help: yes for a token answer (nothing happened on the
 *   Nomos side), no for a mint (it may have minted a link already)
 * @default retryable false
 */
export function invalidResponse(what: string, requestId?: string, retryable = false): NomosInvalidResponseError {
  const suffix = requestId ? ` (requestId ${requestId})` : '';
  return new NomosInvalidResponseError(`Nomos API returned an unexpected response: ${what}${suffix}`, {
    requestId,
    retryable,
  });
}

/**
 * Status and code of an error for log lines, e.g. `503 INTERNAL_SERVER_ERROR` (Nomos's code when it
 * answered, else ours: `TIMEOUT`); never its message.
 */
export function describeError(err: unknown): string {
  if (err instanceof NomosApiError) {
    const rid = err.requestId ? `, requestId ${logValue(err.requestId, 200)}` : '';
    return `${err.statusCode === undefined ? '' : `${err.statusCode} `}${err.nomosCode ?? err.code}${rid}`;
  }
  return err instanceof Error ? err.name : 'unknown error';
}
