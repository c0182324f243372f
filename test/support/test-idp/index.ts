/**
 * Independent SAML 2.0 test IdP (samlify signs real XML) plus attack helpers, for the SAML tests of
 * issue 3 and the development IdP of issue 4. Free of Jest; keys in `test/support/saml-keys/`.
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
export { NAMEID_EMAIL, STATUS_SUCCESS } from './login-response-xml.js';
export { decodeRedirect, encodeRedirect, RSA_SHA1, RSA_SHA256, verifyRedirectSignature } from './redirect-binding.js';
export type { RedirectMessage } from './redirect-binding.js';
export { certBody, certPem, idpKey, SAML_KEYS_DIR, testKeys } from './test-keys.js';
export type { KeyPair, TestKeyName } from './test-keys.js';
export * as tamper from './tamper.js';
