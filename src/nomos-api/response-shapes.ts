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

/**
 * Checks a token body: a string `access_token`, a Bearer `token_type` and a positive `expires_in`.
 * @throws NomosInvalidResponseError
 */
export function readToken(body: unknown, requestId?: string): NomosTokenResponse {
  if (!isRecord(body) || typeof body.access_token !== 'string' || body.access_token === '') {
    throw invalidResponse('token response has no string "access_token"', requestId);
  }
  if (body.token_type !== undefined && String(body.token_type).toLowerCase() !== 'bearer') {
    throw invalidResponse('token response "token_type" is not Bearer', requestId);
  }
  if (typeof body.expires_in !== 'number' || !(body.expires_in > 0)) {
    throw invalidResponse('token response has no positive "expires_in"', requestId);
  }
  if (body.refresh_token != null && typeof body.refresh_token !== 'string') {
    throw invalidResponse('token response "refresh_token" is not a string', requestId);
  }
  return body as NomosTokenResponse;
}

function isCustomer(v: unknown): v is NomosCustomer {
  return isRecord(v) && typeof v.id === 'string' && v.id !== '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
