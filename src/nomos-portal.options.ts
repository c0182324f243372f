import type { NomosApiOptions, ResolvedNomosApiOptions } from './nomos-api/index.js';
import { resolveNomosApiOptions } from './nomos-api/index.js';
import { NomosPortalConfigError } from './nomos-portal.errors.js';
import type { PortalErrorPageRenderer } from './portal/portal-error-page.js';
import type { PortalUserResolver } from './saml/portal-user.js';
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
   * When a signed-in person has no mapping yet, link them to the Nomos customer with the same email
   * (exactly one match, else no link). Turn on only where the identity provider vouches for
   * emails — the corporate IdP does; self-registration does not.
   * @default false
   */
  autoLinkByEmail?: boolean;
}

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
  portal: Required<Omit<PortalOptions, 'resolveUser' | 'renderErrorPage'>> & Pick<PortalOptions, 'resolveUser' | 'renderErrorPage'>;
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
  const autoLinkByEmail = portal.autoLinkByEmail ?? false;
  if (typeof autoLinkByEmail !== 'boolean') throw new NomosPortalConfigError('portal.autoLinkByEmail must be true or false');
  return {
    nomos,
    portal: { allowedLinkHosts, loginPath, autoLinkByEmail, resolveUser: portal.resolveUser, renderErrorPage: portal.renderErrorPage },
  };
}

/** Injection token of the {@link ResolvedNomosPortalOptions}. */
export const NOMOS_PORTAL_OPTIONS = Symbol('NOMOS_PORTAL_OPTIONS');
