/**
 * Nomos API emulator, part of the testing kit (the repo's tests, the example app and hosts' own
 * tests): the API over HTTP, a fake customer portal over HTTPS (committed development certificate
 * in `../assets/tls/`).
 */
export { NomosEmulator } from './nomos-emulator.js';
export type {
  EmailFilterMode,
  EmulatorCounters,
  EmulatorCustomer,
  EmulatorFault,
  EmulatorLead,
  EmulatorSubscription,
  FaultRoute,
  IssuedLink,
  NomosEmulatorOptions,
} from './emulator.types.js';
export { openPortalLink, sessionCookie } from './open-portal-link.js';
export type { PortalResponse } from './open-portal-link.js';
export { DEMO_CUSTOMERS, generateCustomers } from './demo-seed.js';
export { EMULATOR_PORTAL_DOMAIN, portalOrigin } from './portal-url.js';
export { PORTAL_SESSION_COOKIE } from './portal-server.js';
export { DEV_TLS_CERT_FILE, DEV_TLS_KEY_FILE, devTls } from './dev-tls.js';
export { RESERVED_SECRET_CHARACTERS, testClientSecret } from './test-client-secret.js';
export { DOCUMENTED_RATE_LIMIT, RATE_LIMIT_ABOVE_TEST_LOAD } from './rate-limiter.js';
export type { AnsweredRequest, RateLimitOptions } from './emulator.types.js';
export { sendWebhook } from './webhook-sender.js';
export type { EmulatorWebhookEvent, SendWebhookOptions, WebhookDelivery } from './webhook-sender.js';
