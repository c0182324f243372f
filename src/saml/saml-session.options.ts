import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Store } from 'express-session';

/** Session cookie and store settings (express-session). */
export interface SamlSessionOptions {
  /** Secret(s) signing the session cookie; the first signs, all verify (rotation). Required, ≥ 32 characters. */
  secret: string | string[];
  /** Session store. @default a store in the app's database (table `nomos_sessions`) */
  store?: Store;
  /** @default 'nomos.sid' */
  cookieName?: string;
  /** Send the cookie over https only. Turn off only for local http development. @default true */
  secureCookie?: boolean;
  /** Sign the person out after this long without a request. @default 1800000 (30 minutes) */
  idleTimeoutMs?: number;
  /** Sign the person out this long after sign-in, however active. @default 28800000 (8 hours) */
  absoluteTimeoutMs?: number;
  /**
   * Least time between two writes of an active session's new expiry to the module's store (the
   * cookie still rolls on every response). Fewer writes, so a busy or locked database holds up
   * fewer requests; the price is that a session may end up to this long before `idleTimeoutMs`
   * after the person's last request. Must be shorter than `idleTimeoutMs`; 0 writes on every
   * request. A store passed in `store` decides for itself.
   * @default 60000, or a tenth of `idleTimeoutMs` when that is shorter
   */
  touchIntervalMs?: number;
}

/**
 * Per-client-IP limits on the unauthenticated SAML routes (login, ACS, completion, logout,
 * metadata), each route counted on its own. The client IP is Express's `req.ip`: behind a reverse
 * proxy set `app.set('trust proxy', …)`, or every person shares the proxy's address.
 */
export interface SamlRateLimitOptions {
  /**
   * Requests one IP may make to one route per `ttlMs`. Generous on purpose: a whole office behind
   * one NAT address signs in through the same IP.
   * @default 300
   */
  limit?: number;
  /** The window, in milliseconds. @default 60000 */
  ttlMs?: number;
  /** Where hits are counted; give a shared store (e.g. Redis) so replicas count together. @default in process memory */
  storage?: ThrottlerStorage;
}

/** `SamlSessionOptions` after defaults and validation. */
export type ResolvedSamlSessionOptions = Required<Omit<SamlSessionOptions, 'store' | 'secret'>> &
  Pick<SamlSessionOptions, 'store'> & { secret: string[] };

/** `SamlRateLimitOptions` after defaults and validation. */
export interface ResolvedSamlRateLimitOptions {
  limit: number;
  ttlMs: number;
  storage?: ThrottlerStorage;
}

/** Defaults of the session and rate-limit settings. */
export const SAML_SESSION_DEFAULTS = Object.freeze({
  cookieName: 'nomos.sid',
  secureCookie: true,
  idleTimeoutMs: 1_800_000,
  absoluteTimeoutMs: 28_800_000,
  /** The most; a tenth of `idleTimeoutMs` when that is shorter. */
  touchIntervalMs: 60_000,
});

/** Defaults of `saml.rateLimit`. */
export const SAML_RATE_LIMIT_DEFAULTS = Object.freeze({ limit: 300, ttlMs: 60_000 });
