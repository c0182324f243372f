import type { ResolvedSignupOptions, SignupOptions } from './signup-offer.js';
import { resolveSignupOptions } from './signup-offer.js';
import { isHostName } from '../common/host-name.js';
import { OptionChecks } from '../common/option-checks.js';
import { resolveDeepLinkPaths } from './deep-link.options.js';
import type { PersonRateLimitOptions, ResolvedPersonRateLimitOptions } from './person-limit.options.js';
import { resolvePersonRateLimit } from './person-limit.options.js';

/** Options of minting (set under `portal` in the module options). */
export interface MagicLinksOptions {
  /**
   * Hosts a link returned by Nomos may point at. `*.` matches exactly one label, so the default
   * accepts `acme.customerportal.energy` but neither `customerportal.energy.evil.example` nor
   * `a.b.customerportal.energy`. Links must also be https.
   * @default ['*.customerportal.energy']
   */
  allowedLinkHosts?: string[];
  /**
   * The assurance gate: AuthnContextClassRef values and authentication-method values (Entra's
   * `authnmethodsreferences`, e.g. `http://schemas.microsoft.com/claims/multipleauthn`), one of
   * which the sign-in must carry before a link is minted. A person whose `authn.contextClass` and
   * `authn.methods` name none of them is refused `AUTHN_CONTEXT_INSUFFICIENT` (audited `denied`)
   * and a browser is sent through the IdP again with ForceAuthn and these values as an `exact`
   * RequestedAuthnContext. Exact, case-sensitive URIs.
   * @example ['http://schemas.microsoft.com/claims/multipleauthn']
   * @default [] (no requirement)
   */
  requireAuthnContext?: string[];
  /**
   * The assurance gate: the longest time since the person authenticated at the IdP (AuthnInstant),
   * in ms, 60000 to 86400000. Older, or no usable AuthnInstant at all, is refused `AUTHN_TOO_OLD`
   * and a browser signs in again with ForceAuthn. {@link AUTHN_CLOCK_SKEW_MS} is allowed either way.
   * @default none (any age, within the session's own timeouts)
   */
  maxAuthAgeMs?: number;
  /** A first visit without a linked customer offers the host's signup (see {@link SignupOptions}). @default none */
  signup?: SignupOptions;
  /**
   * The per-person limit: links one person (IdP issuer + subject) may ask for per window, on every
   * channel together. Over it: `429 PERSON_RATE_LIMITED` with `Retry-After`, audited `denied` /
   * `RATE_LIMITED`, nothing looked up, no Nomos call. `false` turns it off.
   * @default { limit: 10, ttlMs: 60000, storage: 'memory' }
   */
  personRateLimit?: PersonRateLimitOptions | false;
  /**
   * Portal paths a deep link (`/portal?next=/invoices/inv_123`, or `next` in the JSON body) may
   * open: a listed path, optionally followed by up to two ids (`[A-Za-z0-9_-]`). Anything else is
   * ignored (the link keeps Nomos's own `next`) and logged. `[]` turns deep links off.
   * @default ['/overview', '/invoices', '/meter-readings', '/prices', '/payment-method', '/settings']
   */
  deepLinkPaths?: string[];
}

/** {@link MagicLinksOptions} after defaults and validation. */
export interface ResolvedMagicLinksOptions {
  allowedLinkHosts: string[];
  /** Empty: no context is required. */
  requireAuthnContext: string[];
  /** `undefined`: the sign-in may be of any age. */
  maxAuthAgeMs: number | undefined;
  /** `undefined`: no signup is offered. */
  signup?: ResolvedSignupOptions;
  personRateLimit: ResolvedPersonRateLimitOptions;
  /** Empty: deep links are off. */
  deepLinkPaths: string[];
}

/** Clock difference allowed between the IdP and this app when the AuthnInstant's age is checked. */
export const AUTHN_CLOCK_SKEW_MS = 30_000;

// A URI as IdPs send it: visible ASCII, no blanks, bounded like the audit's context column.
const CONTEXT_VALUE = /^[\x21-\x7e]{1,255}$/;

/** Default of every optional setting of {@link MagicLinksOptions}. */
export const MAGIC_LINKS_DEFAULTS: Readonly<{ allowedLinkHosts: readonly string[] }> = Object.freeze({
  allowedLinkHosts: Object.freeze(['*.customerportal.energy']),
});

/** Injection token of the {@link ResolvedMagicLinksOptions}. */
export const MAGIC_LINKS_OPTIONS = Symbol('NOMOS_MAGIC_LINKS_OPTIONS');

/**
 * Applies defaults to and validates the minting options.
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveMagicLinksOptions(raw: MagicLinksOptions, path = 'portal'): ResolvedMagicLinksOptions {
  const checks = new OptionChecks(path);
  const allowedLinkHosts = raw.allowedLinkHosts ?? [...MAGIC_LINKS_DEFAULTS.allowedLinkHosts];
  if (!Array.isArray(allowedLinkHosts) || allowedLinkHosts.length === 0) {
    checks.fail('allowedLinkHosts', 'must be a non-empty array of host names');
  }
  for (const host of allowedLinkHosts) {
    if (!isHostName(host, { wildcard: true })) {
      checks.fail(
        'allowedLinkHosts',
        `contains ${JSON.stringify(host)}: use a lower-case host name such as ` +
          `"portal.example.com" or "*.customerportal.energy" (no scheme, no port)`,
      );
    }
  }
  return {
    allowedLinkHosts,
    requireAuthnContext: requiredContexts(raw.requireAuthnContext, checks),
    personRateLimit: resolvePersonRateLimit(raw.personRateLimit, checks),
    deepLinkPaths: resolveDeepLinkPaths(raw.deepLinkPaths, checks),
    ...(raw.signup === undefined ? {} : { signup: resolveSignupOptions(raw.signup, checks) }),
    maxAuthAgeMs:
      raw.maxAuthAgeMs === undefined
        ? undefined
        : checks.integer(
            raw.maxAuthAgeMs,
            'maxAuthAgeMs',
            60_000,
            86_400_000,
            'a whole number from 60000 (1 minute) to 86400000 (1 day)',
          ),
  };
}

function requiredContexts(raw: unknown, checks: OptionChecks): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    checks.fail('requireAuthnContext', 'must be an array of AuthnContextClassRef or method URIs');
  for (const value of raw as unknown[]) {
    if (typeof value !== 'string' || !CONTEXT_VALUE.test(value)) {
      checks.fail(
        'requireAuthnContext',
        `contains ${JSON.stringify(value)}: use each AuthnContextClassRef or method URI exactly as the IdP ` +
          'sends it (1 to 255 visible ASCII characters, no spaces)',
      );
    }
  }
  return [...new Set(raw as string[])];
}
