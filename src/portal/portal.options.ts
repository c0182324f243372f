import type { Request } from 'express';
import { OptionChecks } from '../common/option-checks.js';
import { isUrlHost } from '../common/url-host.js';
import type { PortalErrorPageRenderer } from '../errors/index.js';
import { isSafeReturnTo } from '../identity/index.js';

/** Options of the portal routes and their answers (set under `portal` in the module options). */
export interface PortalRouteOptions {
  /**
   * Where a signed-out browser is sent, with `?returnTo=<the portal path>`. Must be a same-origin path.
   * Without one (`sso: 'none'` and nothing set), a signed-out browser gets the 401 "Please sign in"
   * page instead of a redirect.
   * @default the SAML login route (`/auth/saml/login`) with `sso: 'saml'`; none with `sso: 'none'`
   */
  loginPath?: string;
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
}

/** {@link PortalRouteOptions} after defaults and validation. */
export interface ResolvedPortalRouteOptions {
  /** `undefined`: no sign-in redirect, signed-out browsers get the 401 page. */
  loginPath: string | undefined;
  renderErrorPage?: PortalErrorPageRenderer;
  allowedOrigins: string[];
}

/** Injection token of the {@link ResolvedPortalRouteOptions}. */
export const PORTAL_ROUTE_OPTIONS = Symbol('NOMOS_PORTAL_ROUTE_OPTIONS');

/**
 * Applies defaults to and validates the portal routes' options.
 * @param defaultLoginPath the sign-in route of the module's sign-in mode, if it has one
 * @param path prefix naming the options in error messages
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolvePortalRouteOptions(
  raw: PortalRouteOptions,
  defaultLoginPath: string | undefined,
  path = 'portal',
): ResolvedPortalRouteOptions {
  const checks = new OptionChecks(path);
  const loginPath = raw.loginPath ?? defaultLoginPath;
  const sameOrigin =
    typeof loginPath === 'string' &&
    loginPath.startsWith('/') &&
    !loginPath.startsWith('//') &&
    !loginPath.includes('\\');
  if (loginPath !== undefined && !sameOrigin)
    checks.fail('loginPath', 'must be a same-origin path starting with a single "/"');
  return {
    loginPath,
    renderErrorPage: checks.optionalFunction(raw.renderErrorPage, 'renderErrorPage', 'a function (page) => html'),
    allowedOrigins: allowedOrigins(raw.allowedOrigins, checks),
  };
}

/**
 * Where the error answers send a browser that must sign in: `loginPath?returnTo=<the path it asked
 * for, when that is a safe one, else "/">`; `undefined` without a login path (the 401 page then).
 */
export function signInUrlAt(loginPath: string | undefined): ((request: Request) => string) | undefined {
  if (loginPath === undefined) return undefined;
  return (request) =>
    `${loginPath}?returnTo=${encodeURIComponent(isSafeReturnTo(request.originalUrl) ? request.originalUrl : '/')}`;
}

/** The query flag that asks the login route for a forced sign-in (`ForceAuthn="true"`). */
export const FORCE_AUTHN_QUERY = 'forceAuthn=1';

/**
 * Where the error answers send a browser the assurance gate refused: the same login path and
 * returnTo as {@link signInUrlAt}, plus {@link FORCE_AUTHN_QUERY}. Only the configured path, never
 * a target from the request; the flag can only make a sign-in stricter, and the gate checks the
 * result whatever the IdP did with it.
 */
export function stepUpUrlAt(loginPath: string | undefined): ((request: Request) => string) | undefined {
  const signInUrl = signInUrlAt(loginPath);
  return signInUrl && ((request) => `${signInUrl(request)}&${FORCE_AUTHN_QUERY}`);
}

function allowedOrigins(raw: unknown, checks: OptionChecks): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    checks.fail('allowedOrigins', 'must be an array of origins such as "https://app.example.com"');
  for (const origin of raw as unknown[]) {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    // Exactly the serialised form a browser sends in `Origin` (so the comparison is a plain `===`),
    // and a real host: WHATWG URLs allow `*` in host names, which would read like a wildcard.
    const http = parsed?.protocol === 'https:' || parsed?.protocol === 'http:';
    if (!parsed || !http || parsed.origin !== origin || !isUrlHost(parsed.hostname)) {
      checks.fail(
        'allowedOrigins',
        `contains ${JSON.stringify(origin)}: use an origin as browsers send it, scheme and host in lower case, ` +
          `port only if not the default, no path or trailing "/" (e.g. "https://app.example.com")`,
      );
    }
  }
  return [...new Set(raw as string[])];
}
