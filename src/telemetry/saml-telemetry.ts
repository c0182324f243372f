import { SpanKind } from '@opentelemetry/api';
import { inSpan } from './portal-spans.js';
import { recordSamlSignIn } from './portal-metrics.js';
import { requestIdAttribute } from './telemetry-attributes.js';

// A refusal's reason is a sentence (some quote values from the verified message): metrics and spans
// get a category from this closed list instead, first match wins.
const REASONS: ReadonlyArray<[string, RegExp]> = [
  ['too_large', /larger than|too large|more than \d+ elements|deeper than/i],
  ['replay', /replay|already used/i],
  ['signature', /signature|outside the signed|not signed|unsigned/i],
  ['in_response_to', /InResponseTo|no login in progress|binding/i],
  ['audience', /audience/i],
  ['destination', /destination/i],
  ['issuer', /issuer/i],
  ['expired', /expired|NotOnOrAfter|NotBefore|too early|too late|clock/i],
  ['status', /status is not Success/i],
  [
    'malformed',
    /well-formed|not XML|DOCTYPE|markup declaration|processing instruction|no SAML|root is not|no Assertion|has no ID/i,
  ],
  ['no_user', /user id|no user|no verified assertion/i],
];

/** The category of a refused SAML message, from its error: one of a small fixed set, `other` when none fits. */
export function samlReasonOf(error: unknown): string {
  const { code, reason, getStatus } = (error ?? {}) as { code?: unknown; reason?: unknown; getStatus?: unknown };
  if (code === 'SAML_RATE_LIMITED') return 'rate_limited';
  if (code === 'SAML_LOGIN_BUSY') return 'busy';
  if (typeof getStatus === 'function' && (error as { getStatus(): unknown }).getStatus() === 413) return 'too_large';
  if (typeof reason !== 'string') return 'other';
  return REASONS.find(([, pattern]) => pattern.test(reason))?.[0] ?? 'other';
}

/**
 * The ACS's verification in a `saml.acs` span with the request id, and the sign-ins counter by outcome
 * and reason. A logout message posted to the ACS (`isLogout()` true afterwards) is not a sign-in and is
 * not counted. The SAMLResponse, the person and the session never become attributes.
 */
export function observeSamlAcs(requestId: string, verify: () => Promise<boolean>, isLogout: () => boolean) {
  return inSpan(
    'saml.acs',
    { 'nomos_portal.request_id': requestIdAttribute(requestId) },
    async (span) => {
      try {
        const passed = await verify();
        if (isLogout()) span.setAttribute('saml.message', 'logout');
        else recordSamlSignIn('accepted', 'none');
        return passed;
      } catch (error) {
        const reason = samlReasonOf(error);
        span.setAttribute('saml.reason', reason);
        recordSamlSignIn('rejected', reason);
        throw error;
      }
    },
    SpanKind.SERVER,
  );
}

/**
 * One logout route's work in a `saml.logout` span: `binding` says which (`redirect`, `post`), the
 * request id and, for a refusal, the reason's category.
 */
export function observeSamlLogout(requestId: string, binding: string, handle: () => Promise<void>): Promise<void> {
  const attributes = { 'nomos_portal.request_id': requestIdAttribute(requestId), 'saml.binding': binding };
  return inSpan(
    'saml.logout',
    attributes,
    async (span) => {
      try {
        await handle();
      } catch (error) {
        span.setAttribute('saml.reason', samlReasonOf(error));
        throw error;
      }
    },
    SpanKind.SERVER,
  );
}
