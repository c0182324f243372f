// SAML single sign-on. Every name here is public (src/index.ts re-exports it): the options types,
// the IdP presets, the errors, the three entities of its tables and the certificates' expiry
// service. The strategy, caches, session store, rate-limit storage and their tokens stay internal;
// the root wiring takes them from saml.providers.ts.
export type {
  ResolvedSamlAttributes,
  ResolvedSamlOptions,
  ResolvedSamlSettings,
  SamlAttributeOptions,
  SamlIdpMetadataUrlOptions,
  SamlIdpOptions,
  SamlOptions,
  SamlRateLimitOptions,
  SamlSessionOptions,
  SamlSpOptions,
} from './saml.options.js';
export { SAML_IDP_PRESET_NAMES, SAML_IDP_PRESETS } from './idp-presets.js';
export type { SamlIdpPreset, SamlIdpPresetSettings } from './idp-presets.js';
export {
  SamlLoginBusyError,
  SamlLoginRejectedError,
  SamlLogoutRejectedError,
  SamlRateLimitedError,
} from './saml.errors.js';
export { SamlCertificatesService } from './saml-certificates.service.js';
export type { SamlCertificateExpiry, SamlCertificateUse } from './saml-certificates.service.js';
export { SessionStoreError } from './session-store.errors.js';
export { SamlAssertionEntry } from './saml-assertion.entity.js';
export { SamlRequestEntry } from './saml-request.entity.js';
export { StoredSession } from './session.entity.js';
