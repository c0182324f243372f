// Public surface of the Nomos HTTP client (re-exported by src/index.ts); the transport, token
// provider, retry policy and response checks stay internal.
export {
  NOMOS_API_DEFAULTS,
  resolveNomosApiOptions,
  type NomosApiOptions,
  type ResolvedNomosApiOptions,
} from './nomos-api.options.js';
export { NomosApiClient, type NomosApiLogger, type NomosCallOptions } from './nomos-api.client.js';
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
export { nomosErrorFromResponse, type ResponseHeaders } from './error-mapper.js';
export type {
  NomosCustomer,
  NomosErrorBody,
  NomosList,
  NomosMagicLinkResponse,
  NomosTokenResponse,
} from './nomos-api.types.js';
