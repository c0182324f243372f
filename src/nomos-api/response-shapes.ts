import { invalidResponse } from './nomos-api.errors.js';
import type { NomosCustomer, NomosList, NomosMagicLinkResponse, NomosTokenResponse } from './nomos-api.types.js';

// Checks only what this package relies on; extra fields are allowed (Nomos adds fields any time).
// Failure messages name the field, never its value: values may be links or tokens.

/**
 * Checks a magic-link 200 body has a non-empty string `link`. The link's host is checked later by
 * the magic-links service, which knows the configured portal domain.
 * @throws NomosInvalidResponseError
 */
export function readMagicLink(body: unknown, requestId?: string): NomosMagicLinkResponse {
  if (!isRecord(body) || typeof body.link !== 'string' || body.link === '') {
    throw invalidResponse('magic link response has no string "link"', requestId);
  }
  return body as NomosMagicLinkResponse;
}

/** Checks a customer body has a string `id`. @throws NomosInvalidResponseError */
export function readCustomer(body: unknown, requestId?: string): NomosCustomer {
  if (!isCustomer(body)) throw invalidResponse('customer response has no string "id"', requestId);
  return body;
}

/** Checks a list body has an `items` array of customers; fills in `has_more`/`next_page` when missing. */
export function readCustomerList(body: unknown, requestId?: string): NomosList<NomosCustomer> {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw invalidResponse('customer list response has no "items" array', requestId);
  }
  if (!body.items.every(isCustomer)) throw invalidResponse('customer list item has no string "id"', requestId);
  return {
    ...body,
    object: 'list',
    items: body.items,
    has_more: body.has_more === true,
    next_page: typeof body.next_page === 'string' && body.next_page !== '' ? body.next_page : null,
  };
}

/** Longest access or refresh token accepted, in characters. */
export const MAX_TOKEN_LENGTH = 4096;
/** Longest token lifetime accepted, in seconds (24 h). */
export const MAX_TOKEN_LIFETIME_SEC = 86_400;
// RFC 6750 §2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". Anything
// else (CR/LF, spaces, quotes, non-ASCII) could break or inject into the Authorization header.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// RFC 6749 §A.17 refresh-token = 1*VSCHAR. It only travels in a form body, but stays printable.
const VSCHARS = /^[\x20-\x7e]+$/;

/**
 * Checks a token body before it is cached: `access_token` in RFC 6750 token syntax (at most
 * {@link MAX_TOKEN_LENGTH} characters), `token_type` Bearer when present, `expires_in` a whole number
 * of seconds from 1 to {@link MAX_TOKEN_LIFETIME_SEC}, `refresh_token` printable when present.
 * Failures are retryable: the token endpoint changed nothing, so asking again is safe.
 * @throws NomosInvalidResponseError
 */
export function readToken(body: unknown, requestId?: string): NomosTokenResponse {
  const refuse = (what: string) => invalidResponse(what, requestId, true);
  if (!isRecord(body) || typeof body.access_token !== 'string' || body.access_token === '') {
    throw refuse('token response has no string "access_token"');
  }
  if (body.access_token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(body.access_token)) {
    throw refuse(`token response "access_token" is not an RFC 6750 token of at most ${MAX_TOKEN_LENGTH} characters`);
  }
  const tokenType = body.token_type;
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    throw refuse('token response "token_type" is not Bearer');
  }
  const lifetime = body.expires_in;
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < 1 ||
    lifetime > MAX_TOKEN_LIFETIME_SEC
  ) {
    throw refuse(`token response "expires_in" is not a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SEC}`);
  }
  if (body.refresh_token != null && body.refresh_token !== '') {
    const rt = body.refresh_token;
    if (typeof rt !== 'string' || rt.length > MAX_TOKEN_LENGTH || !VSCHARS.test(rt)) {
      throw refuse(
        `token response "refresh_token" is not a printable string of at most ${MAX_TOKEN_LENGTH} characters`,
      );
    }
  }
  return body as NomosTokenResponse;
}

function isCustomer(v: unknown): v is NomosCustomer {
  return isRecord(v) && typeof v.id === 'string' && v.id !== '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
