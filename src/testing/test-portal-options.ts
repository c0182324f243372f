import { randomBytes } from 'node:crypto';
import type { NomosPortalModuleOptions } from '../index.js';
import type { NomosEmulator } from './nomos-emulator/nomos-emulator.js';
import { EMULATOR_PORTAL_DOMAIN } from './nomos-emulator/portal-url.js';
import type { TestIdp } from './test-idp/test-idp.js';

const DEFAULT_ACS_PATH = '/auth/saml/acs';

/**
 * `NomosPortalModule.forRoot` options for a test app: the Nomos client pointed at a started emulator
 * (`nomos.clientOptions()`), the emulator's link hosts allowed, SAML trusting the test IdP (its
 * metadata), the SP as that IdP knows it (entity id, base URL from its ACS URL), a fresh random
 * session secret and `secureCookie: false` (the test talks plain http), and the module's pacing and
 * circuit breaker off (`nomos.rateLimit: false`, `nomos.circuitBreaker: false`): the emulator's own
 * limit is what a test meets, and injected faults do not open a circuit. Spread and override as needed.
 * @throws Error when the IdP's SP ACS URL does not end in `/auth/saml/acs` (then set `saml.sp` yourself)
 * @example
 * NomosPortalModule.forRoot(testPortalOptions(nomos, idp))
 */
export function testPortalOptions(nomos: NomosEmulator, idp: TestIdp): NomosPortalModuleOptions {
  const { entityId, acsUrl } = idp.sp;
  if (!acsUrl.endsWith(DEFAULT_ACS_PATH)) {
    throw new Error(
      `testPortalOptions: the test IdP's SP acsUrl must end in ${DEFAULT_ACS_PATH}; set saml.sp yourself`,
    );
  }
  return {
    nomos: { ...nomos.clientOptions(), rateLimit: false, circuitBreaker: false },
    portal: { allowedLinkHosts: [`*.${EMULATOR_PORTAL_DOMAIN}`] },
    saml: {
      idp: { metadataXml: idp.metadataXml() },
      sp: { entityId, baseUrl: acsUrl.slice(0, -DEFAULT_ACS_PATH.length) },
      session: { secret: randomBytes(24).toString('hex'), secureCookie: false },
    },
  };
}
