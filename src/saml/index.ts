export type {
  SamlAttributeOptions,
  SamlIdpOptions,
  SamlOptions,
  SamlRateLimitOptions,
  SamlSessionOptions,
  SamlSpOptions,
} from './saml.options.js';
export { resolveSamlOptions } from './saml-options.resolve.js';
export type { ResolvedSamlOptions } from './saml.options.js';
export { parseIdpMetadata, type IdpMetadata } from './idp-metadata.js';
export { SamlLoginRejectedError, SamlRateLimitedError } from './saml.errors.js';
export { SAML_OPTIONS } from './saml.options.js';
export { SAML_STRATEGY } from './saml.tokens.js';
export { SamlStrategy } from './saml.strategy.js';
export { SAML_CACHE_OPTIONS, type SamlCacheOptions } from './saml-cache.options.js';
export { SamlCacheService } from './saml-cache.service.js';
export { TypeOrmSessionStore, type TypeOrmSessionStoreOptions } from './typeorm-session.store.js';
export { SessionStoreError } from './session-store.errors.js';
export { StoredSession } from './session.entity.js';
export { SamlAssertionEntry } from './saml-assertion.entity.js';
export { SamlRequestEntry } from './saml-request.entity.js';
export { SamlLoginBusyError } from './saml-login-binding.service.js';
export { InMemorySamlRateLimitStorage } from './saml-rate-limit.storage.js';
