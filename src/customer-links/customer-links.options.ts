import { isHostName } from '../common/host-name.js';
import { fromFlagText, OptionChecks } from '../common/option-checks.js';

/** `portal.autoLinkByEmail` in its restricted form. */
export interface AutoLinkByEmailOptions {
  /**
   * Email domains that may be auto-linked (exact match of the part after `@`; subdomains are not
   * included). Required, at least one.
   * @default none (required)
   */
  domains: string[];
}

/** Options of the customer mapping (set under `portal` in the module options). */
export interface CustomerLinksOptions {
  /**
   * When a signed-in person has no mapping yet, link them to the Nomos customer with the same email
   * (exactly one match, else no link). Turn on only where the identity provider vouches for
   * emails — the corporate IdP does; self-registration does not. Emails are compared as plain
   * ASCII: an address with any other character (or that NFKC changes) is never auto-linked.
   * `{ domains }` auto-links only addresses at those domains (exact, lower-case host names, e.g.
   * `['corp.example']`: the domains whose mailboxes the IdP really verifies); `true` accepts any
   * domain and is kept for compatibility.
   * @example { domains: ['corp.example', 'subsidiary.example'] }
   * @default false
   */
  autoLinkByEmail?: boolean | AutoLinkByEmailOptions;
}

/** `portal.autoLinkByEmail` after validation: off, or on with `domains` (`null`: any domain). */
export type ResolvedAutoLinkByEmail = false | { domains: readonly string[] | null };

/** {@link CustomerLinksOptions} after defaults and validation. */
export interface ResolvedCustomerLinksOptions {
  autoLinkByEmail: ResolvedAutoLinkByEmail;
  /**
   * The issuer of a person named by a bare subject (`link('a1b2', …)`): `portal.issuer` when set,
   * else the SAML IdP's entity id, else `'app'`. Filled in by the module's wiring.
   */
  issuer: string;
}

/** Injection token of the {@link ResolvedCustomerLinksOptions}. */
export const CUSTOMER_LINKS_OPTIONS = Symbol('NOMOS_CUSTOMER_LINKS_OPTIONS');

/**
 * Applies defaults to and validates the customer mapping's options.
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveCustomerLinksOptions(
  raw: CustomerLinksOptions,
  path = 'portal',
): Omit<ResolvedCustomerLinksOptions, 'issuer'> {
  return { autoLinkByEmail: resolveAutoLinkByEmail(raw.autoLinkByEmail, new OptionChecks(path)) };
}

function resolveAutoLinkByEmail(
  given: CustomerLinksOptions['autoLinkByEmail'],
  checks: OptionChecks,
): ResolvedAutoLinkByEmail {
  const raw = fromFlagText(given);
  if (raw === undefined || raw === false) return false;
  if (raw === true) return { domains: null };
  const domains =
    typeof raw === 'object' && raw !== null ? (raw as Partial<AutoLinkByEmailOptions>).domains : undefined;
  if (!Array.isArray(domains) || domains.length === 0) {
    checks.fail('autoLinkByEmail', 'must be true, false or { domains: [...] } with at least one email domain');
  }
  for (const domain of domains) {
    if (!isHostName(domain)) {
      checks.fail(
        'autoLinkByEmail.domains',
        `contains ${JSON.stringify(domain)}: use lower-case ASCII email domains such as ` +
          `"corp.example" (no "@", no wildcard; punycode "xn--" for international domains)`,
      );
    }
  }
  return { domains: [...new Set(domains)] };
}
