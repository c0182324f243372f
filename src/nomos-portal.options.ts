import type { NomosApiOptions, ResolvedNomosApiOptions } from './nomos-api/index.js';
import { resolveNomosApiOptions } from './nomos-api/index.js';
import { NomosPortalConfigError } from './errors/index.js';
import type { PortalErrorPageRenderer } from './errors/index.js';
import type { PortalUserResolver } from './identity/index.js';
import type { SamlOptions } from './saml/saml.options.js';

/** Options of the portal routes and of link checking. */
export interface PortalOptions {
  /**
   * Hosts a link returned by Nomos may point at. `*.` matches exactly one label, so the default
   * accepts `acme.customerportal.energy` but neither `customerportal.energy.evil.example` nor
   * `a.b.customerportal.energy`. Links must also be https.
   * @default ['*.customerportal.energy']
   */
  allowedLinkHosts?: string[];
  /**
   * Where a signed-out browser is sent, with `?returnTo=<the portal path>`. Must be a same-origin path.
   * @default '/auth/saml/login'
   */
  loginPath?: string;
  /**
   * Reads the signed-in person from the request; replace it to plug in the host's own authentication.
   * @default reads `request.user` (what passport and the SAML part set)
   */
  resolveUser?: PortalUserResolver;
  /**
   * Renders the HTML page browsers get when a portal request fails (not signed in to the portal,
   * no linked account, portal unavailable). Use it to show the host app's own layout.
   * @default a small self-contained page with the request id and a link to `/`
   */
  renderErrorPage?: PortalErrorPageRenderer;
  /**
   * Origins besides the app's own whose pages may call `POST /portal/link` (a single-page app or
   * webview content served elsewhere). Exact origins (`https://app.example.com`, no path, no
   * wildcard); CORS for them is still the host's to enable. A request whose `Origin` is neither
   * the app's own nor listed is refused with `403 CROSS_ORIGIN_REQUEST`.
   * @example ['https://m.example.com']
   * @default [] (the app's own origin only)
   */
  allowedOrigins?: string[];
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

/** `portal.autoLinkByEmail` in its restricted form. */
export interface AutoLinkByEmailOptions {
  /**
   * Email domains that may be auto-linked (exact match of the part after `@`; subdomains are not
   * included). Required, at least one.
   * @default none (required)
   */
  domains: string[];
}

/** `portal.autoLinkByEmail` after validation: off, or on with `domains` (`null`: any domain). */
export type ResolvedAutoLinkByEmail = false | { domains: readonly string[] | null };

/** Everything `NomosPortalModule.forRoot()` / `forRootAsync()` accepts, besides the shape extras. */
export interface NomosPortalModuleOptions {
  /** How to reach the Nomos API. `clientId` and `clientSecret` are required. */
  nomos: NomosApiOptions;
  /** Portal routes and link checks. */
  portal?: PortalOptions;
  /** SAML single sign-on; required unless the module is declared with `sso: 'none'`. */
  saml?: SamlOptions;
}

/** Options after defaults and validation; what the providers receive. */
export interface ResolvedNomosPortalOptions {
  nomos: ResolvedNomosApiOptions;
  portal: Required<Omit<PortalOptions, 'resolveUser' | 'renderErrorPage' | 'autoLinkByEmail'>> & Pick<PortalOptions, 'resolveUser' | 'renderErrorPage'> & { autoLinkByEmail: ResolvedAutoLinkByEmail };
}

export const PORTAL_DEFAULTS = {
  allowedLinkHosts: ['*.customerportal.energy'],
  loginPath: '/auth/saml/login',
} as const;

// One label, lower-case letters/digits/hyphens, not starting or ending with a hyphen.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_PATTERN = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})+$`);

/**
 * Applies defaults and validates every setting once, at start-up.
 * @throws NomosPortalConfigError naming the first bad setting and how to fix it.
 */
export function resolveNomosPortalOptions(raw: NomosPortalModuleOptions | undefined): ResolvedNomosPortalOptions {
  if (!raw || typeof raw !== 'object') {
    throw new NomosPortalConfigError('NomosPortalModule options are required: pass { nomos: { clientId, clientSecret } }');
  }
  const nomos = resolveNomosApiOptions(raw.nomos, 'nomos');
  const portal = raw.portal ?? {};
  if (typeof portal !== 'object') throw new NomosPortalConfigError('portal must be an object');

  const allowedLinkHosts = portal.allowedLinkHosts ?? [...PORTAL_DEFAULTS.allowedLinkHosts];
  if (!Array.isArray(allowedLinkHosts) || allowedLinkHosts.length === 0) {
    throw new NomosPortalConfigError('portal.allowedLinkHosts must be a non-empty array of host names');
  }
  for (const host of allowedLinkHosts) {
    // A wildcard needs at least two labels after it, so `*.energy` cannot open the whole TLD.
    const wildcardTooWide = typeof host === 'string' && host.startsWith('*.') && host.split('.').length < 3;
    if (typeof host !== 'string' || !HOST_PATTERN.test(host) || wildcardTooWide) {
      throw new NomosPortalConfigError(
        `portal.allowedLinkHosts contains ${JSON.stringify(host)}: use a lower-case host name such as ` +
          `"portal.example.com" or "*.customerportal.energy" (no scheme, no port)`,
      );
    }
  }

  const loginPath = portal.loginPath ?? PORTAL_DEFAULTS.loginPath;
  if (typeof loginPath !== 'string' || !loginPath.startsWith('/') || loginPath.startsWith('//') || loginPath.includes('\\')) {
    throw new NomosPortalConfigError('portal.loginPath must be a same-origin path starting with a single "/"');
  }
  if (portal.resolveUser !== undefined && typeof portal.resolveUser?.resolve !== 'function') {
    throw new NomosPortalConfigError('portal.resolveUser must be an object with a resolve(request) method');
  }
  if (portal.renderErrorPage !== undefined && typeof portal.renderErrorPage !== 'function') {
    throw new NomosPortalConfigError('portal.renderErrorPage must be a function (page) => html');
  }
  const allowedOrigins = resolveAllowedOrigins(portal.allowedOrigins);
  const autoLinkByEmail = resolveAutoLinkByEmail(portal.autoLinkByEmail);
  return {
    nomos,
    portal: { allowedLinkHosts, loginPath, allowedOrigins, autoLinkByEmail, resolveUser: portal.resolveUser, renderErrorPage: portal.renderErrorPage },
  };
}

function resolveAutoLinkByEmail(raw: PortalOptions['autoLinkByEmail']): ResolvedAutoLinkByEmail {
  if (raw === undefined || raw === false) return false;
  if (raw === true) return { domains: null };
  const domains = typeof raw === 'object' && raw !== null ? (raw as Partial<AutoLinkByEmailOptions>).domains : undefined;
  if (!Array.isArray(domains) || domains.length === 0) {
    throw new NomosPortalConfigError('portal.autoLinkByEmail must be true, false or { domains: [...] } with at least one email domain');
  }
  for (const domain of domains) {
    if (typeof domain !== 'string' || domain.startsWith('*.') || !HOST_PATTERN.test(domain)) {
      throw new NomosPortalConfigError(
        `portal.autoLinkByEmail.domains contains ${JSON.stringify(domain)}: use lower-case ASCII email domains such as ` +
          `"corp.example" (no "@", no wildcard; punycode "xn--" for international domains)`,
      );
    }
  }
  return { domains: [...new Set(domains)] };
}

function resolveAllowedOrigins(raw: PortalOptions['allowedOrigins']): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new NomosPortalConfigError('portal.allowedOrigins must be an array of origins such as "https://app.example.com"');
  for (const origin of raw) {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    // Exactly the serialised form a browser sends in `Origin` (so the comparison is a plain `===`),
    // and a real host: WHATWG URLs allow `*` in host names, which would read like a wildcard.
    const host = parsed?.hostname ?? '';
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== origin || !/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])$/.test(host)) {
      throw new NomosPortalConfigError(
        `portal.allowedOrigins contains ${JSON.stringify(origin)}: use an origin as browsers send it, ` +
          `scheme and host in lower case, port only if not the default, no path or trailing "/" (e.g. "https://app.example.com")`,
      );
    }
  }
  return [...new Set(raw)];
}

/** Injection token of the {@link ResolvedNomosPortalOptions}. */
export const NOMOS_PORTAL_OPTIONS = Symbol('NOMOS_PORTAL_OPTIONS');
