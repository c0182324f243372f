import type { NomosApiErrorCode } from '../errors/index.js';
import { NomosApiError } from './nomos-api.errors.js';

/**
 * The fleet-wide rate limit (`nomos.rateLimit`) has no free slot within `maxWaitMs` (or within the
 * call's time left), or too many calls of this process are already waiting. Nothing was sent to
 * Nomos. `code` is `BUSY`; `retryAfterMs` says when a slot should be free; not retried by the client.
 */
export class NomosBusyError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'BUSY';
  constructor(reason: string, retryAfterMs: number) {
    super(`Nomos calls are paced and none is free: ${reason}`, {
      retryable: false,
      retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
    });
  }
}

/**
 * The circuit breaker (`nomos.circuitBreaker`) is open after failures in a row, or its one half-open
 * probe is in flight: the call fails at once, nothing was sent. `code` is `CIRCUIT_OPEN`;
 * `retryAfterMs` is the cool-down left; not retried by the client.
 */
export class NomosCircuitOpenError extends NomosApiError {
  override readonly code: NomosApiErrorCode = 'CIRCUIT_OPEN';
  constructor(retryAfterMs: number) {
    super('Nomos calls are suspended after repeated failures (circuit open)', {
      retryable: false,
      retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
    });
  }
}
