import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** What the CSP must let forms lead to, besides the app itself. */
export interface SecurityHeaderOptions {
  /** The app's public origin; https turns on HSTS and upgrade-insecure-requests. */
  publicBaseUrl: string;
  /** Origins a form submission may end up on after redirects: the IdP's SSO/SLO and the portal. */
  formTargets: string[];
}

/**
 * Helmet with a strict CSP (no inline script or style). `form-action` lists every origin a form's
 * redirect chain reaches, because Chromium checks it on each redirect after a form submission:
 * "Sign out" (POST) redirects to the IdP's logout endpoint, and the IdP's ACS form redirects to
 * `/portal` and on to the portal when sign-in started there.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const https = options.publicBaseUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'form-action': ["'self'", ...new Set(options.formTargets)],
        // On plain-http localhost an upgrade would send the browser to an https port nobody serves.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}
