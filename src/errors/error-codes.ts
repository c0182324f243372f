/**
 * Codes of the requests the Nomos client makes for the package and of what becomes of them;
 * `NomosApiError` and its subclasses carry one each. Nomos's own code, when it sent one, is the
 * error's `nomosCode`.
 * - `NOMOS_API_ERROR`: Nomos answered with an error status the other codes do not cover.
 * - `NOMOS_AUTHENTICATION_FAILED`: Nomos refused our client credentials or token (401 after one
 *   retry with a fresh token, or the token endpoint refused the grant).
 * - `RATE_LIMITED`: Nomos said "slow down" (429) more often than we retry, or asked for a wait past
 *   the call's deadline.
 * - `CONNECTION_ERROR`: the Nomos API could not be reached (DNS, refused, reset, pool closed).
 * - `TIMEOUT`: an attempt or the whole call ran out of time.
 * - `INVALID_RESPONSE`: a 2xx answer that is not what the Nomos spec promises (or too large).
 * - `ABORTED`: the caller's `AbortSignal` fired; nothing more was tried.
 */
export type NomosApiErrorCode =
  | 'NOMOS_API_ERROR'
  | 'NOMOS_AUTHENTICATION_FAILED'
  | 'RATE_LIMITED'
  | 'CONNECTION_ERROR'
  | 'TIMEOUT'
  | 'INVALID_RESPONSE'
  | 'ABORTED';

/**
 * Codes of `MagicLinkUnavailableError`: why Nomos could not mint a link, decided from the Nomos
 * client's error (the same codes as {@link NomosApiErrorCode} where they mean the same), plus:
 * - `NOMOS_UNAVAILABLE`: Nomos answered 5xx (after the retries).
 * - `BAD_REQUEST`: Nomos refused the request with a 4xx other than 401 and 429 (not retried).
 * - `INTERNAL_ERROR`: the call failed with something that is not a Nomos error (a bug).
 */
export type MagicLinkUnavailableCode =
  Exclude<NomosApiErrorCode, 'NOMOS_API_ERROR'> | 'NOMOS_UNAVAILABLE' | 'BAD_REQUEST' | 'INTERNAL_ERROR';

/**
 * Why a request for a link was refused before anything was minted or audited (invariant 8).
 * - `SPECULATIVE_LOAD`: a prefetch or prerender (answered `204`, so the browser discards it and
 *   makes a real request when the person actually navigates).
 * - `NOT_A_NAVIGATION`: `GET /portal` from a frame, a sub-resource, a script or a `HEAD`.
 * - `NOT_AN_API_REQUEST`: `POST /portal/link` that a page could send without CORS (a form, a
 *   beacon, a no-cors fetch): neither `Content-Type: application/json` nor `X-Nomos-Portal`.
 * - `CROSS_ORIGIN_REQUEST`: `POST /portal/link` whose `Origin` is neither the app's own nor listed
 *   in `portal.allowedOrigins`.
 */
export type PortalRefusalCode = 'SPECULATIVE_LOAD' | 'NOT_A_NAVIGATION' | 'NOT_AN_API_REQUEST' | 'CROSS_ORIGIN_REQUEST';

/**
 * Why the assurance gate refused a signed-in person before any mapping lookup (`portal.requireAuthnContext`,
 * `portal.maxAuthAgeMs`); a browser is sent through the IdP again with ForceAuthn first.
 * - `AUTHN_CONTEXT_INSUFFICIENT`: neither the sign-in's AuthnContextClassRef nor any of its
 *   authentication methods is one the host requires (e.g. a password where MFA is required).
 * - `AUTHN_TOO_OLD`: the person authenticated at the IdP longer ago than allowed, or the sign-in
 *   says nothing usable about when (a missing or unparsable AuthnInstant fails closed).
 */
export type AssuranceRefusalCode = 'AUTHN_CONTEXT_INSUFFICIENT' | 'AUTHN_TOO_OLD';

/**
 * Every code this package answers with: each `NomosPortalError` subclass carries one (its
 * `code`), the JSON error body says it, and `ERROR_ANSWERS` (the one table) gives each its HTTP
 * status, title and page text. Closed on purpose: a new code is a change to this list, the table
 * and the README's Errors section together. Beside the groups above:
 * - `INTERNAL_ERROR`: anything unexpected (answered 500, logged with its stack).
 * - `HTTP_ERROR`: a Nest `HttpException` (its own status; its message only below 500).
 * - `INVALID_CONFIG`: `NomosPortalConfigError`, at start-up (the message names the option).
 * - `INVALID_ARGUMENT`: `NomosPortalArgumentError`, a caller passed an unusable argument.
 * - identity: `SIGN_IN_REQUIRED`, `NO_PORTAL_ACCESS`.
 * - the assurance gate: {@link AssuranceRefusalCode}.
 * - magic-links: `CUSTOMER_NOT_LINKED`, `CUSTOMER_SUSPENDED`, `INVALID_USER`, `INVALID_PORTAL_LINK`,
 *   `CLIENT_DISCONNECTED`.
 * - customer-links: `CUSTOMER_LINK_CONFLICT`, `INVALID_CUSTOMER_LINK`, `DATABASE_UNAVAILABLE`.
 * - audit: `AUDIT_UNAVAILABLE`, `INVALID_AUDIT_QUERY`.
 * - saml: `SAML_SIGN_IN_REJECTED`, `SAML_LOGOUT_REJECTED`, `SAML_LOGIN_BUSY`, `SAML_RATE_LIMITED`,
 *   `SAML_MESSAGE_TOO_LARGE`, `SAML_STORE_UNAVAILABLE`.
 * - admin: `ADMIN_ACCESS_DENIED`, `ADMIN_REQUEST_REFUSED`, `INVALID_ADMIN_REQUEST`, `ADMIN_IMPORT_TOO_LARGE`.
 */
export type NomosPortalErrorCode =
  | 'INTERNAL_ERROR'
  | 'HTTP_ERROR'
  | 'INVALID_CONFIG'
  | 'INVALID_ARGUMENT'
  | NomosApiErrorCode
  | MagicLinkUnavailableCode
  | PortalRefusalCode
  | AssuranceRefusalCode
  | 'SIGN_IN_REQUIRED'
  | 'NO_PORTAL_ACCESS'
  | 'CUSTOMER_NOT_LINKED'
  | 'CUSTOMER_SUSPENDED'
  | 'INVALID_USER'
  | 'INVALID_PORTAL_LINK'
  | 'CLIENT_DISCONNECTED'
  | 'CUSTOMER_LINK_CONFLICT'
  | 'INVALID_CUSTOMER_LINK'
  | 'DATABASE_UNAVAILABLE'
  | 'AUDIT_UNAVAILABLE'
  | 'INVALID_AUDIT_QUERY'
  | 'SAML_SIGN_IN_REJECTED'
  | 'SAML_LOGOUT_REJECTED'
  | 'SAML_LOGIN_BUSY'
  | 'SAML_RATE_LIMITED'
  | 'SAML_MESSAGE_TOO_LARGE'
  | 'SAML_STORE_UNAVAILABLE'
  | 'ADMIN_ACCESS_DENIED'
  | 'ADMIN_REQUEST_REFUSED'
  | 'INVALID_ADMIN_REQUEST'
  | 'ADMIN_IMPORT_TOO_LARGE';
