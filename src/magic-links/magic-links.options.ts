import { isHostName } from '../common/host-name.js';
import { OptionChecks } from '../common/option-checks.js';

/** Options of minting (set under `portal` in the module options). */
export interface MagicLinksOptions {
  /**
   * Hosts a link returned by Nomos may point at. `*.` matches exactly one label, so the default
   * accepts `acme.customerportal.energy` but neither `customerportal.energy.evil.example` nor
   * `a.b.customerportal.energy`. Links must also be https.
   * @default ['*.customerportal.energy']
   */
  allowedLinkHosts?: string[];
}

/** {@link MagicLinksOptions} after defaults and validation. */
export interface ResolvedMagicLinksOptions {
  allowedLinkHosts: string[];
}

/** Default of every optional setting of {@link MagicLinksOptions}. */
export const MAGIC_LINKS_DEFAULTS: Readonly<{ allowedLinkHosts: readonly string[] }> = Object.freeze({
  allowedLinkHosts: Object.freeze(['*.customerportal.energy']),
});

/** Injection token of the {@link ResolvedMagicLinksOptions}. */
export const MAGIC_LINKS_OPTIONS = Symbol('NOMOS_MAGIC_LINKS_OPTIONS');

/**
 * Applies defaults to and validates the minting options.
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveMagicLinksOptions(raw: MagicLinksOptions, path = 'portal'): ResolvedMagicLinksOptions {
  const checks = new OptionChecks(path);
  const allowedLinkHosts = raw.allowedLinkHosts ?? [...MAGIC_LINKS_DEFAULTS.allowedLinkHosts];
  if (!Array.isArray(allowedLinkHosts) || allowedLinkHosts.length === 0) {
    checks.fail('allowedLinkHosts', 'must be a non-empty array of host names');
  }
  for (const host of allowedLinkHosts) {
    if (!isHostName(host, { wildcard: true })) {
      checks.fail(
        'allowedLinkHosts',
        `contains ${JSON.stringify(host)}: use a lower-case host name such as ` +
          `"portal.example.com" or "*.customerportal.energy" (no scheme, no port)`,
      );
    }
  }
  return { allowedLinkHosts };
}
