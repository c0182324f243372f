import { STATUS_CODES } from 'node:http';

/** One item of the envelope's `errors` array (per-field breakdown, as the spec documents it). */
export interface FieldError {
  code: string;
  field: string;
  message: string;
}

/** What a route answers; the router adds the common headers, the latency and writes it. */
export interface ApiReply {
  status: number;
  /** Serialised as JSON unless `text` is set. */
  json?: unknown;
  /** Sent as `text/plain`. */
  text?: string;
  headers?: Record<string, string>;
  /** An error envelope: the router sets its `requestId` to the request's own id. */
  envelope?: boolean;
}

/** Envelope `code` for a status: the spec's codes are the upper-snake status texts (`TOO_MANY_REQUESTS`). */
export function errorCode(status: number): string {
  return (STATUS_CODES[status] ?? 'Unknown Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Invalid or malformed token',
  404: 'Resource not found',
  405: 'Method not allowed',
  429: 'Too many requests',
  500: 'Internal Server Error',
};

/**
 * The current error envelope `{code, message, requestId, docs, errors?}`. The router fills in
 * `requestId` so every error carries the id of its own request (also sent as `X-Request-Id`).
 */
export function errorReply(status: number, message?: string, errors?: FieldError[]): ApiReply {
  const code = errorCode(status);
  const json: Record<string, unknown> = {
    code,
    message: message ?? DEFAULT_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error',
    requestId: '',
    docs: `https://docs.nomos.energy/api-references/errors/${code}`,
  };
  if (errors) json.errors = errors;
  return { status, json, envelope: true };
}

/** A 400 with one field error, the way validation failures come back. */
export function fieldErrorReply(field: string, code: string, message: string): ApiReply {
  return errorReply(400, `${code} in '${field}': ${message}`, [{ code, field, message }]);
}

/** A 200 JSON reply. */
export function okReply(json: unknown, headers?: Record<string, string>): ApiReply {
  return { status: 200, json, headers };
}
