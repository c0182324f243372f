// SAML single sign-on. Every name here is public (src/index.ts re-exports it): the options types,
// the errors and the three entities of its tables. The strategy, caches, session store, rate-limit
// storage and their tokens stay internal; the root wiring takes them from saml.providers.ts.
export type {
  ResolvedSamlOptions,
  SamlAttributeOptions,
  SamlIdpOptions,
  SamlOptions,
  SamlRateLimitOptions,
  SamlSessionOptions,
  SamlSpOptions,
} from './saml.options.js';
export { SamlLoginRejectedError, SamlLogoutRejectedError, SamlRateLimitedError } from './saml.errors.js';
export { SamlLoginBusyError } from './saml-login-binding.service.js';
export { SessionStoreError } from './session-store.errors.js';
export { SamlAssertionEntry } from './saml-assertion.entity.js';
export { SamlRequestEntry } from './saml-request.entity.js';
export { StoredSession } from './session.entity.js';
