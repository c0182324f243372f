import {
  NomosApiError,
  NomosAuthenticationError,
  NomosRateLimitError,
  type NomosApiErrorDetails,
} from './nomos-api.errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** Response headers as undici delivers them (lower-case names). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};
const MAX_MESSAGE = 200;

/** The fields we take from any of the Nomos error envelopes. */
export interface ParsedErrorEnvelope {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Reads the three error envelopes Nomos has used: `{code,message,requestId,docs,errors?}` (current),
 * `{error:{code,message,…}}` (older, also OAuth's `{error:'invalid_client',error_description}`) and
 * `{object:'error',type,message}`. Anything else (HTML, text, no body) gives an empty result.
 */
export function parseErrorEnvelope(body: unknown): ParsedErrorEnvelope {
  if (!isRecord(body)) return {};
  if (typeof body.code === 'string') return pickFields(body.code, body);
  if (isRecord(body.error)) return pickFields(body.error.code ?? body.error.type, body.error, body);
  if (typeof body.error === 'string') {
    return { code: normaliseCode(body.error), message: scrub(body.error_description ?? body.message) };
  }
  if (body.object === 'error') return pickFields(body.type ?? body.code, body);
  return {};
}

/**
 * Maps a non-2xx Nomos response to the matching error class: 401 → `NomosAuthenticationError`,
 * 429 → `NomosRateLimitError`, anything else → `NomosApiError`. 429 and 5xx are `retryable`;
 * `Retry-After` is read on 429 and 503.
 */
export function nomosErrorFromResponse(statusCode: number, body: unknown, headers: ResponseHeaders): NomosApiError {
  const parsed = parseErrorEnvelope(body);
  const nomosCode = parsed.code ?? STATUS_CODES[statusCode] ?? `HTTP_${statusCode}`;
  const requestId = parsed.requestId ?? headerValue(headers, 'x-request-id');
  const retryAfter = statusCode === 429 || statusCode === 503 ? headerValue(headers, 'retry-after') : undefined;
  const details: NomosApiErrorDetails = {
    statusCode,
    nomosCode,
    requestId,
    retryable: statusCode === 429 || statusCode >= 500,
    retryAfterMs: retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, Date.now()),
  };
  const message =
    `Nomos API error ${statusCode} ${nomosCode}` +
    (parsed.message ? `: ${parsed.message}` : '') +
    (requestId ? ` (requestId ${requestId})` : '');
  if (statusCode === 401) return new NomosAuthenticationError(message, details);
  if (statusCode === 429) return new NomosRateLimitError(message, details);
  return new NomosApiError(message, details);
}

/** First value of a header, trimmed; `undefined` when absent or empty. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const raw = headers[name];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return v ? v.slice(0, 200) : undefined;
}

function pickFields(
  code: unknown,
  inner: Record<string, unknown>,
  outer?: Record<string, unknown>,
): ParsedErrorEnvelope {
  const requestId = inner.requestId ?? inner.request_id ?? outer?.requestId ?? outer?.request_id;
  return {
    code: typeof code === 'string' ? normaliseCode(code) : undefined,
    message: scrub(inner.message),
    requestId: typeof requestId === 'string' && requestId ? requestId.slice(0, 200) : undefined,
  };
}

// Older envelopes use lower-case codes (`not_found`); callers switch on the current UPPER_SNAKE form.
function normaliseCode(code: string): string | undefined {
  const c = code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .slice(0, 64);
  return c || undefined;
}

// Upstream messages go into our error messages and logs, so strip anything that could be a
// credential (a link, a token_hash, a long opaque token) and keep it short.
function scrub(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const s = message
    .replace(/\s+/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]')
    .replace(/token_hash=[^&\s]*/gi, 'token_hash=[redacted]')
    .replace(/[A-Za-z0-9._~+/=-]{32,}/g, '[redacted]')
    .trim();
  if (!s) return undefined;
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
