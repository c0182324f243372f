/** Parent domain of the fake portal; each plan gets a subdomain, like `*.customerportal.energy` for real. */
export const EMULATOR_PORTAL_DOMAIN = 'customerportal.localhost';

/**
 * Origin of a plan's fake portal, e.g. `https://acme-power.customerportal.localhost:40123`.
 * These names do not resolve in Node: connect to the emulator's host (see `openPortalLink`).
 */
export function portalOrigin(planSlug: string, portalPort: number): string {
  return `https://${planSlug}.${EMULATOR_PORTAL_DOMAIN}:${portalPort}`;
}
