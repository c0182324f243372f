/**
 * Independent SAML 2.0 test IdP (samlify signs real XML), part of the testing kit: the repo's SAML
 * tests, the example's development IdP and hosts' own tests. Free of any test runner; its committed
 * test-only keys are in `../assets/saml-keys/`. (The repo's attack helpers, which are not shipped,
 * live in `test/support/saml-tamper/`.)
 */
export { TestIdp } from './test-idp.js';
export type {
  IdpKeyChoice,
  LoginResponseOptions,
  LoginResponseResult,
  ParsedAuthnRequest,
  ParsedLogoutRequest,
  TestIdpOptions,
  TestIdpSpMetadata,
  TestIdpSpValues,
  TestIdpUser,
} from './test-idp.types.js';
export type { LogoutRequestOptions, LogoutResponseOptions } from './idp-logout.js';
export type { PostBindingOptions, PostLogoutMessage } from './idp-logout-post.js';
export type { LogoutAnswer } from './idp-logout-answer.js';
export type { TestIdpQuirks } from './idp-quirks.types.js';
export type { AuthnRequestDemands } from './authn-request-demands.js';
export { NAMEID_EMAIL, STATUS_SUCCESS } from './login-response-xml.js';
export { decodeRedirect, encodeRedirect, RSA_SHA1, RSA_SHA256, verifyRedirectSignature } from './redirect-binding.js';
export type { RedirectMessage } from './redirect-binding.js';
export { certBody, certPem, idpKey, SAML_KEYS_DIR, testKeys } from './test-keys.js';
export type { KeyPair, TestKeyName } from './test-keys.js';
