// The Nomos HTTP client a host may inject, its options, typed errors and the wire types its methods
// return. Every name here is public (src/index.ts re-exports it); the transport, token provider,
// retry policy, error mapper and response checks stay internal.
export type { NomosApiOptions, ResolvedNomosApiOptions } from './nomos-api.options.js';
export {
  NomosApiClient,
  type NomosApiClientDeps,
  type NomosApiLogger,
  type NomosCallOptions,
} from './nomos-api.client.js';
export type { NomosCircuitBreakerOptions, NomosRateLimitOptions, NomosRateLimitStoreOption } from './pacing.options.js';
export { NomosBusyError, NomosCircuitOpenError } from './pacing.errors.js';
export type { NomosPacer } from './nomos-pacer.js';
export type { CircuitState } from './circuit-breaker.js';
export type { PacingPolicy, RateLimitStore, RedisEvalClient, Reservation, SqlQuery } from './rate-limit-store.js';
export {
  NomosAbortedError,
  NomosApiError,
  NomosAuthenticationError,
  NomosConnectionError,
  NomosInvalidResponseError,
  NomosRateLimitError,
  NomosTimeoutError,
  type NomosApiErrorDetails,
} from './nomos-api.errors.js';
export type { NomosCustomer, NomosList } from './nomos-api.types.js';
export type { NomosLead, NomosSubscription } from './subscription-shapes.js';
