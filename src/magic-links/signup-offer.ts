import { OptionChecks } from '../common/option-checks.js';
import { isLoopbackHost } from '../common/loopback-host.js';
import type { NextStep } from '../errors/index.js';
import type { PersonKey } from '../identity/index.js';
import { createSignupReference, SIGNUP_REFERENCE_KEY } from '../identity/index.js';

/**
 * A first visit without a linked customer: offer the host's signup (set under `portal.signup`). The
 * link carries a signup reference to the person, which the host's signup flow puts in the Nomos lead's
 * metadata, so that the webhook receiver links the new customer to them.
 */
export interface SignupOptions {
  /**
   * The host's signup page: an https URL (http only on a loopback host) or a same-origin path. The
   * reference is added as `nomos_portal_ref=<reference>`.
   * @example 'https://energy.corp.example/signup'
   */
  url: string;
  /** The secret the reference is signed with: the first of `webhooks.signupReferenceSecrets`. ≥ 32 characters. */
  referenceSecret: string;
  /**
   * How long a reference stays good (from the click to the subscription's creation).
   * @default 1209600000 (14 days)
   */
  referenceTtlMs?: number;
}

/** {@link SignupOptions} after defaults and validation. */
export interface ResolvedSignupOptions {
  url: string;
  referenceSecret: string;
  referenceTtlMs: number;
}

const DEFAULT_TTL_MS = 14 * 86_400_000;

/** @throws NomosPortalConfigError naming the first bad setting (never quoting the secret) */
export function resolveSignupOptions(raw: unknown, checks: OptionChecks): ResolvedSignupOptions | undefined {
  if (raw === undefined) return undefined;
  const signup = checks.nested('signup');
  if (typeof raw !== 'object' || raw === null) return checks.fail('signup', 'must be { url, referenceSecret }');
  const given = raw as Partial<SignupOptions>;
  if (!isSignupUrl(given.url)) {
    signup.fail('url', 'must be an https URL (http only for a loopback host) or a same-origin path such as "/signup"');
  }
  if (typeof given.referenceSecret !== 'string' || given.referenceSecret.length < 32) {
    signup.fail('referenceSecret', 'must be a secret of at least 32 characters');
  }
  const ttl = given.referenceTtlMs ?? DEFAULT_TTL_MS;
  return {
    url: given.url as string,
    referenceSecret: given.referenceSecret as string,
    referenceTtlMs: signup.integer(ttl, 'referenceTtlMs', 60_000, 90 * 86_400_000, 'from 60000 (1 minute) to 90 days'),
  };
}

/** The link to the host's signup for `person`, with a fresh reference to them. */
export function signupStepFor(options: ResolvedSignupOptions, person: PersonKey, nowMs: number): NextStep {
  const reference = createSignupReference(person, options.referenceSecret, nowMs, options.referenceTtlMs);
  const separator = options.url.includes('?') ? '&' : '?';
  return {
    href: `${options.url}${separator}${SIGNUP_REFERENCE_KEY}=${encodeURIComponent(reference)}`,
    label: 'No energy account yet? Start an energy contract — it opens here once it is set up',
  };
}

function isSignupUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048 || /[\s"'<>\\]/.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    const url = new URL(value);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    return secure && url.username === '' && url.password === '' && url.hash === '';
  } catch {
    return false;
  }
}
