/**
 * nestjs-nomos-portal/testing: the testing kit a host's own tests use, listed by name. Free of any
 * test runner (no Jest globals, no `expect`): it works from Jest (ESM and CommonJS), Vitest and
 * `node:test`. Its committed keys and certificate are for tests and development only.
 * test/public-api/testing-api.txt records this list.
 */

// The Nomos emulator: the API over HTTP and the fake customer portal over HTTPS, with fault knobs and counters.
export {
  DEMO_CUSTOMERS,
  DEV_TLS_CERT_FILE,
  DEV_TLS_KEY_FILE,
  devTls,
  DOCUMENTED_RATE_LIMIT,
  EMULATOR_PORTAL_DOMAIN,
  generateCustomers,
  NomosEmulator,
  openPortalLink,
  PORTAL_SESSION_COOKIE,
  portalOrigin,
  RATE_LIMIT_ABOVE_TEST_LOAD,
  RESERVED_SECRET_CHARACTERS,
  sendWebhook,
  sessionCookie,
  testClientSecret,
  type AnsweredRequest,
  type EmailFilterMode,
  type EmulatorCounters,
  type EmulatorCustomer,
  type EmulatorFault,
  type EmulatorLead,
  type EmulatorSubscription,
  type EmulatorWebhookEvent,
  type FaultRoute,
  type IssuedLink,
  type NomosEmulatorOptions,
  type PortalResponse,
  type RateLimitOptions,
  type SendWebhookOptions,
  type WebhookDelivery,
} from './nomos-emulator/index.js';

// The test IdP: real signed SAML with the committed test keys, and the HTTP-Redirect binding helpers.
export {
  certBody,
  certPem,
  decodeRedirect,
  encodeRedirect,
  idpKey,
  NAMEID_EMAIL,
  RSA_SHA1,
  RSA_SHA256,
  SAML_KEYS_DIR,
  STATUS_SUCCESS,
  TestIdp,
  testKeys,
  verifyRedirectSignature,
  type AuthnRequestDemands,
  type IdpKeyChoice,
  type KeyPair,
  type LoginResponseOptions,
  type LoginResponseResult,
  type LogoutAnswer,
  type LogoutRequestOptions,
  type LogoutResponseOptions,
  type ParsedAuthnRequest,
  type ParsedLogoutRequest,
  type PostBindingOptions,
  type PostLogoutMessage,
  type RedirectMessage,
  type TestIdpOptions,
  type TestIdpQuirks,
  type TestIdpSpMetadata,
  type TestIdpSpValues,
  type TestIdpUser,
  type TestKeyName,
} from './test-idp/index.js';

// Secrets the kit issues, for a log check.
export { onTestSecret, type TestSecret, type TestSecretListener } from './test-secrets.js';

// Signing a person in against a running app (real SAML), and the cookie-keeping agent that holds the session.
export { signIn, SignInError, type SignInOptions, type SignInStep } from './sign-in/sign-in.js';
export { CookieAgent, type AgentRequestInit, type CookieAgentOptions } from './sign-in/cookie-agent.js';
export type { AppTarget } from './sign-in/app-address.js';
export type { KitResponse } from './sign-in/kit-http.js';

// The module's options for a test app on the emulator and the test IdP.
export { testPortalOptions } from './test-portal-options.js';

// A MagicLinkService stand-in for unit tests.
export {
  FakeMagicLinkService,
  type FakeMagicLinkServiceOptions,
  type FakeMintCall,
} from './fake-magic-link.service.js';
