import { NomosApiError, NomosRateLimitError } from '../nomos-api/index.js';
import { MagicLinkUnavailableError } from './magic-link.errors.js';

/**
 * What a failed Nomos call means for the person: the Nomos code and whether trying later may help.
 * One code for every "Nomos says slow down" (retries used up, or a wait past the deadline), so people
 * get a clear "try again" rather than an upstream 429 code (invariant 10).
 */
export function toUnavailable(error: unknown): MagicLinkUnavailableError {
  if (error instanceof NomosRateLimitError) {
    return new MagicLinkUnavailableError('RATE_LIMITED', true, error.requestId, { cause: error });
  }
  if (error instanceof NomosApiError) {
    return new MagicLinkUnavailableError(error.code, error.retryable, error.requestId, { cause: error });
  }
  return new MagicLinkUnavailableError('INTERNAL_ERROR', false, undefined, { cause: error });
}
