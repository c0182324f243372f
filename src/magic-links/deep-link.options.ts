import type { OptionChecks } from '../common/option-checks.js';

/**
 * The portal sections the Nomos guide names (overview, invoices, meter readings, prices, payment
 * method, account settings), as the paths a deep link may open. The guide documents `/overview`
 * only; check the others against your plan's portal and set `portal.deepLinkPaths` to match.
 */
export const DEEP_LINK_DEFAULT_PATHS: readonly string[] = Object.freeze([
  '/overview',
  '/invoices',
  '/meter-readings',
  '/prices',
  '/payment-method',
  '/settings',
]);

// One or more lower-case segments; nothing a browser or the portal could read as anything else.
const SECTION = /^(?:\/[a-z0-9][a-z0-9_-]{0,63}){1,4}$/;

/**
 * Applies the default to and validates `portal.deepLinkPaths`; `[]` turns deep links off.
 * @throws NomosPortalConfigError naming the bad entry's problem
 */
export function resolveDeepLinkPaths(raw: unknown, checks: OptionChecks): string[] {
  if (raw === undefined) return [...DEEP_LINK_DEFAULT_PATHS];
  if (!Array.isArray(raw)) checks.fail('deepLinkPaths', 'must be an array of portal paths such as "/invoices"');
  for (const path of raw as unknown[]) {
    if (typeof path !== 'string' || !SECTION.test(path)) {
      checks.fail(
        'deepLinkPaths',
        `contains ${JSON.stringify(path)}: use portal paths such as "/invoices" (lower-case letters, digits, ` +
          '"-" and "_", 1 to 4 segments, no trailing "/", no query)',
      );
    }
  }
  return [...new Set(raw as string[])];
}
