import type { Request } from 'express';
import { isUrlHost } from '../common/url-host.js';
import { PortalRequestRefusedError } from './portal-request-refused.error.js';

/**
 * The checks behind invariant 8: a link is minted only for a person's deliberate top-level
 * navigation (`GET /portal`) or for a request a web page cannot send without CORS agreeing
 * (`POST /portal/link`). Both run before the person is looked up, so a refusal costs nothing and
 * leaves no trace but a warning.
 */

/** The custom header that makes `POST /portal/link` a non-simple request (any non-empty value, e.g. `1`). */
export const PORTAL_API_HEADER = 'X-Nomos-Portal';

// Tokens browsers put in Sec-Purpose (`prefetch`, `prefetch;prerender`), the legacy `Purpose`
// (Chromium's old `<link rel=prefetch>`), `X-Purpose: preview` (Safari) and `X-Moz: prefetch` (Firefox).
const PURPOSE_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'];
const SPECULATIVE = new Set(['prefetch', 'prerender', 'preview']);

function header(request: Request, name: string): string | undefined {
  const value = request.get(name);
  return value === undefined ? undefined : value.trim().toLowerCase();
}

function isSpeculative(request: Request): boolean {
  return PURPOSE_HEADERS.some((name) =>
    (header(request, name) ?? '').split(/[\s;,]+/).some((token) => SPECULATIVE.has(token)),
  );
}

/**
 * `GET /portal`: refuses prefetches and prerenders (`SPECULATIVE_LOAD`), `HEAD`, and any request
 * whose Fetch Metadata says it is not a top-level navigation (`<img>`, `<iframe>`, `<object>`,
 * `fetch()`…). Where-from (`Sec-Fetch-Site`) is not checked: a link in webmail or chat may open the
 * person's own portal. Without Fetch Metadata (old browsers, webviews, scripts) a GET passes.
 */
export function refuseUnlessNavigation(request: Request): PortalRequestRefusedError | undefined {
  if (isSpeculative(request)) return new PortalRequestRefusedError('SPECULATIVE_LOAD', 'a prefetch or prerender');
  if (request.method !== 'GET')
    return new PortalRequestRefusedError('NOT_A_NAVIGATION', 'only a GET navigates (HEAD never mints)');
  const dest = header(request, 'sec-fetch-dest');
  if (dest !== undefined && dest !== 'document')
    return new PortalRequestRefusedError('NOT_A_NAVIGATION', 'Sec-Fetch-Dest is not document');
  const mode = header(request, 'sec-fetch-mode');
  if (mode !== undefined && mode !== 'navigate')
    return new PortalRequestRefusedError('NOT_A_NAVIGATION', 'Sec-Fetch-Mode is not navigate');
  return undefined;
}

/**
 * `POST /portal/link`: only a non-simple request — `Content-Type: application/json` or the
 * {@link PORTAL_API_HEADER} header, neither of which an HTML form, a beacon or a no-cors fetch can
 * send — and, when an `Origin` is sent, only the app's own origin or one of `allowedOrigins`.
 * `X-Requested-With` does not count: Android WebView adds it to every request a page makes.
 */
export function refuseUnlessApiRequest(
  request: Request,
  allowedOrigins: readonly string[],
): PortalRequestRefusedError | undefined {
  const mediaType = header(request, 'content-type')?.split(';')[0].trim();
  const marked = (header(request, PORTAL_API_HEADER) ?? '') !== '';
  if (mediaType !== 'application/json' && !marked) {
    return new PortalRequestRefusedError(
      'NOT_AN_API_REQUEST',
      `needs Content-Type: application/json or ${PORTAL_API_HEADER}`,
    );
  }
  // Belt and braces: what Fetch Metadata calls a form submission or a no-cors load never mints.
  const mode = header(request, 'sec-fetch-mode');
  const dest = header(request, 'sec-fetch-dest');
  if ((mode !== undefined && (mode === 'navigate' || mode === 'no-cors')) || (dest !== undefined && dest !== 'empty')) {
    return new PortalRequestRefusedError('NOT_AN_API_REQUEST', 'a navigation or no-cors request');
  }
  const origin = request.get('origin');
  if (origin !== undefined && origin !== ownOrigin(request) && !allowedOrigins.includes(origin)) {
    return new PortalRequestRefusedError(
      'CROSS_ORIGIN_REQUEST',
      'Origin is neither the app nor in portal.allowedOrigins',
    );
  }
  return undefined;
}

/**
 * The origin the request was sent to: protocol and `Host` as Express reads them (so behind a
 * trusted proxy, `X-Forwarded-Proto`/`X-Forwarded-Host`). A victim's browser sets `Host` itself, so
 * a page on another origin cannot make its `Origin` match this. `undefined` for a malformed Host.
 */
export function ownOrigin(request: Request): string | undefined {
  const host = request.host;
  if (!isUrlHost(host, { port: true })) return undefined;
  try {
    return new URL(`${request.protocol}://${host}`).origin;
  } catch {
    return undefined;
  }
}
