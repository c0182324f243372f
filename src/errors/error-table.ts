import type { NomosPortalErrorCode } from './error-codes.js';

/**
 * How one code is answered. `title` and `message` are what a person reads (page heading and text;
 * `message` is also the JSON `message`): fixed per code, never the error's own (possibly hostile
 * or upstream) text.
 */
export interface ErrorAnswer {
  /** HTTP status (`HTTP_ERROR` takes the exception's own). */
  status: number;
  title: string;
  message: string;
  /** `Retry-After` in seconds, when the error itself gives none (`retryAfterSeconds`). */
  retryAfterSeconds?: number;
  /**
   * What the filter logs: `error` (the stack: unexpected), `refusal` (the refusal's reason),
   * `failure` (the code and the Nomos reference), `database` (the error class and driver code
   * only), or nothing (the part that raised it logged the reason where it found it).
   */
  log?: 'error' | 'refusal' | 'failure' | 'database';
}

const SIGN_IN_AGAIN = 'Please go back to the start page and sign in again.';
const PORTAL_DOWN = {
  title: 'Energy portal unavailable',
  message: 'The energy portal is unavailable right now. Please try again in a minute.',
  log: 'failure',
} as const;
const SOMETHING_WRONG = {
  status: 500,
  title: 'Something went wrong',
  message: 'Something went wrong. Please try again.',
};
const REFUSED = {
  status: 403,
  title: 'Open it from the app',
  message: 'Your energy account opens only from a link you click in the app. Please go back and use that link.',
  log: 'refusal',
} as const;
const CANCELLED = {
  status: 499,
  title: 'Request cancelled',
  message: 'The request was cancelled before the link could be sent.',
};
const INVALID = { status: 400, title: 'Request not valid' };

/**
 * The one table: code → HTTP status, title and page text. `Record` over the closed union, so a
 * code without an answer does not compile. 499 is nginx's "client closed request": nobody reads
 * it, and it stays out of the 5xx counts.
 */
export const ERROR_ANSWERS: Readonly<Record<NomosPortalErrorCode, Readonly<ErrorAnswer>>> = Object.freeze({
  INTERNAL_ERROR: { ...SOMETHING_WRONG, log: 'error' },
  HTTP_ERROR: { status: 500, title: 'Request failed', message: 'The request failed.' },
  INVALID_CONFIG: { ...SOMETHING_WRONG, log: 'error' },
  INVALID_ARGUMENT: { ...SOMETHING_WRONG, log: 'error' },

  SIGN_IN_REQUIRED: { status: 401, title: 'Please sign in', message: 'Sign in to open your energy account.' },
  NO_PORTAL_ACCESS: {
    status: 403,
    title: 'No access',
    message: 'Your account has no access to the energy portal. Please contact support.',
  },

  // 401 as RFC 9470 answers "insufficient_user_authentication": the cure is signing in again.
  AUTHN_CONTEXT_INSUFFICIENT: {
    status: 401,
    title: 'Stronger sign-in needed',
    message:
      'Your energy account needs a stronger sign-in (for example with multi-factor authentication). ' +
      'Please sign in again with it, or contact support.',
    log: 'refusal',
  },
  AUTHN_TOO_OLD: {
    status: 401,
    title: 'Please sign in again',
    message: 'Your energy account needs a recent sign-in. Please sign in again.',
    log: 'refusal',
  },

  SPECULATIVE_LOAD: { ...REFUSED, status: 204 },
  NOT_A_NAVIGATION: REFUSED,
  NOT_AN_API_REQUEST: REFUSED,
  CROSS_ORIGIN_REQUEST: REFUSED,

  CUSTOMER_NOT_LINKED: {
    status: 404,
    title: 'No energy account linked',
    message:
      'No energy account is linked to your user yet. ' +
      'If you already have one, support can link it for you; quote the reference below.',
  },
  CUSTOMER_SUSPENDED: {
    status: 403,
    title: 'Access ended',
    message: 'Your access to the energy portal has ended. If you think this is a mistake, please contact support.',
  },
  INVALID_USER: {
    status: 400,
    title: 'Account not usable',
    message: 'Your sign-in did not give a user id the energy portal can use. Please contact support.',
  },
  INVALID_PORTAL_LINK: { ...PORTAL_DOWN, status: 502 },
  CLIENT_DISCONNECTED: CANCELLED,
  ABORTED: CANCELLED,
  NOMOS_UNAVAILABLE: { ...PORTAL_DOWN, status: 503 },
  BAD_REQUEST: { ...PORTAL_DOWN, status: 502 },
  NOMOS_API_ERROR: { ...PORTAL_DOWN, status: 502 },
  NOMOS_AUTHENTICATION_FAILED: { ...PORTAL_DOWN, status: 502 },
  RATE_LIMITED: { ...PORTAL_DOWN, status: 503 },
  CONNECTION_ERROR: { ...PORTAL_DOWN, status: 503 },
  TIMEOUT: { ...PORTAL_DOWN, status: 503 },
  INVALID_RESPONSE: { ...PORTAL_DOWN, status: 503 },

  CUSTOMER_LINK_CONFLICT: {
    status: 409,
    title: 'Already linked',
    message: 'This user is already linked to a different energy account.',
  },
  INVALID_CUSTOMER_LINK: { ...INVALID, message: 'The customer link request is not valid.' },
  DATABASE_UNAVAILABLE: { ...PORTAL_DOWN, status: 503 },
  AUDIT_UNAVAILABLE: { ...PORTAL_DOWN, status: 503 },
  INVALID_AUDIT_QUERY: { ...INVALID, message: 'The audit query is not valid.' },

  SAML_SIGN_IN_REJECTED: {
    status: 401,
    title: 'Sign-in failed',
    message: `The sign-in could not be completed. ${SIGN_IN_AGAIN}`,
  },
  SAML_LOGOUT_REJECTED: {
    status: 400,
    title: 'Sign-out failed',
    message: 'The sign-out message could not be accepted.',
  },
  SAML_LOGIN_BUSY: {
    status: 503,
    title: 'Sign-in busy',
    message: 'Too many sign-ins are in progress right now. Please try again in a minute.',
  },
  SAML_RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    message: 'Too many requests from your network. Please wait a minute and try again.',
  },
  SAML_MESSAGE_TOO_LARGE: {
    status: 413,
    title: 'Sign-in failed',
    message: `The sign-in message is too large. ${SIGN_IN_AGAIN}`,
  },
  SAML_STORE_UNAVAILABLE: {
    status: 503,
    title: 'Sign-in unavailable',
    message: 'Sign-in is unavailable right now. Please try again in a minute.',
    retryAfterSeconds: 30,
    log: 'database',
  },

  ADMIN_ACCESS_DENIED: { status: 403, title: 'No admin access', message: 'Your account has no admin access.' },
  ADMIN_REQUEST_REFUSED: {
    status: 403,
    title: 'Request refused',
    message: 'This admin request must come from the admin API client (X-Nomos-Admin header, same origin).',
    log: 'refusal',
  },
  INVALID_ADMIN_REQUEST: { ...INVALID, message: 'The admin request is not valid.' },
  ADMIN_IMPORT_TOO_LARGE: { status: 413, title: 'Import too large', message: 'The import file is too large.' },
});
