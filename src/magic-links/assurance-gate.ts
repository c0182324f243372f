import type { AssuranceRefusalCode } from '../errors/index.js';
import { StepUpRequiredError } from './assurance.errors.js';
import type { MagicLinkSubject } from './magic-link-subject.js';
import type { ResolvedMagicLinksOptions } from './magic-links.options.js';
import { AUTHN_CLOCK_SKEW_MS } from './magic-links.options.js';
import type { MintAudit } from './mint-audit.js';

/** What the gate requires of a sign-in: `portal.requireAuthnContext` and `portal.maxAuthAgeMs`. */
export type AssuranceRules = Pick<ResolvedMagicLinksOptions, 'requireAuthnContext' | 'maxAuthAgeMs'>;

/** The gate's answer for one sign-in. */
export type AssuranceVerdict = { ok: true } | { ok: false; code: AssuranceRefusalCode; reason: string };

// The SAML part writes `toISOString()`; a host's own sign-in must give a full UTC or offset time,
// since `Date.parse` would also take "2026" or a local time and make the age a guess.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Whether either rule is set; with neither, the gate lets everyone through untouched. */
export function assuranceRequired(rules: AssuranceRules): boolean {
  return rules.requireAuthnContext.length > 0 || rules.maxAuthAgeMs !== undefined;
}

/**
 * Checks how and when the person authenticated against the rules. `authn` is read field by field
 * (a host's resolver may hand over anything); whatever is missing or malformed fails closed.
 * The context comes first: a forced sign-in at the IdP cures both, and the context is the stronger claim.
 * @param now the time to measure the AuthnInstant's age against (ms since the epoch)
 */
export function checkAssurance(authn: unknown, rules: AssuranceRules, now = Date.now()): AssuranceVerdict {
  const facts = typeof authn === 'object' && authn !== null ? (authn as Record<string, unknown>) : {};
  const required = rules.requireAuthnContext;
  if (required.length > 0) {
    const contextClass = textOf(facts.contextClass);
    const methods = Array.isArray(facts.methods) ? facts.methods.filter((m) => typeof m === 'string') : [];
    const named = contextClass === undefined ? methods : [contextClass, ...methods];
    if (!named.some((value) => required.includes(value))) {
      return { ok: false, code: 'AUTHN_CONTEXT_INSUFFICIENT', reason: 'no required context class or method' };
    }
  }
  if (rules.maxAuthAgeMs !== undefined) {
    const instant = textOf(facts.authnInstant);
    const at = instant !== undefined && ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
    if (Number.isNaN(at)) return { ok: false, code: 'AUTHN_TOO_OLD', reason: 'no usable AuthnInstant' };
    // A time ahead of ours by more than the skew is not a clock difference: refused like an old one.
    if (at > now + AUTHN_CLOCK_SKEW_MS)
      return { ok: false, code: 'AUTHN_TOO_OLD', reason: 'AuthnInstant in the future' };
    if (now - at > rules.maxAuthAgeMs + AUTHN_CLOCK_SKEW_MS) {
      return { ok: false, code: 'AUTHN_TOO_OLD', reason: 'authenticated longer ago than portal.maxAuthAgeMs' };
    }
  }
  return { ok: true };
}

/**
 * The gate in the mint path, before any mapping lookup or Nomos call: a person who fails gets one
 * `denied` row with the reason code and a {@link StepUpRequiredError}. A bare id (no `authn`) fails
 * closed whenever a rule is set.
 * @throws StepUpRequiredError, AuditWriteError
 */
export async function passAssuranceGate(
  subject: MagicLinkSubject,
  rules: AssuranceRules,
  audit: MintAudit,
): Promise<void> {
  if (!assuranceRequired(rules)) return;
  const verdict = checkAssurance(subject.authn, rules);
  if (verdict.ok) return;
  await audit.endedBeforeMint({ userId: subject.id, outcome: 'denied', errorCode: verdict.code });
  throw new StepUpRequiredError(verdict.code, verdict.reason);
}
