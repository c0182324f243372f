import type { MagicLinkUnavailableCode } from '../errors/index.js';
import { NomosApiError, NomosBusyError, NomosCircuitOpenError, NomosRateLimitError } from '../nomos-api/index.js';
import { MagicLinkUnavailableError } from './magic-link.errors.js';

/**
 * What a failed Nomos call means for the person: one of the fixed codes, and whether trying later
 * may help. One code for every "Nomos says slow down" (retries used up, or a wait past the
 * deadline), so people get a clear "try again" rather than an upstream 429 code (invariant 10);
 * for the rest, Nomos's own code travels as `nomosCode`.
 */
export function toUnavailable(error: unknown): MagicLinkUnavailableError {
  if (error instanceof NomosRateLimitError) {
    return new MagicLinkUnavailableError('RATE_LIMITED', {
      retryable: true,
      nomosRequestId: error.requestId,
      cause: error,
    });
  }
  if (error instanceof NomosBusyError || error instanceof NomosCircuitOpenError) {
    // Refused here, before (or instead of) a mint call: nothing from Nomos to quote, only when to come back.
    return new MagicLinkUnavailableError(error instanceof NomosBusyError ? 'BUSY' : 'CIRCUIT_OPEN', {
      retryable: true,
      retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)),
      cause: error,
    });
  }
  if (error instanceof NomosApiError) {
    const details = {
      retryable: error.retryable,
      nomosCode: error.nomosCode,
      nomosRequestId: error.requestId,
      cause: error,
    };
    return new MagicLinkUnavailableError(unavailableCode(error), details);
  }
  return new MagicLinkUnavailableError('INTERNAL_ERROR', { retryable: false, cause: error });
}

/**
 * The audit row's outcome for a mint that did not return a link: `denied` when pacing refused it
 * (`BUSY`: the fleet is at its Nomos rate, a policy decision, no mint call made for it by the
 * limiter), `failed` for everything else (an open circuit means Nomos is failing).
 */
export function auditOutcomeOf(failure: MagicLinkUnavailableError): 'denied' | 'failed' {
  return failure.code === 'BUSY' ? 'denied' : 'failed';
}

/** The audit row's `errorCode` for a failed mint: Nomos's code when it sent one, else ours. */
export function auditCodeOf(failure: MagicLinkUnavailableError): string {
  return failure.nomosCode ?? failure.code;
}

function unavailableCode(error: NomosApiError): MagicLinkUnavailableCode {
  if (error.code !== 'NOMOS_API_ERROR') return error.code;
  return error.statusCode !== undefined && error.statusCode >= 500 ? 'NOMOS_UNAVAILABLE' : 'BAD_REQUEST';
}
