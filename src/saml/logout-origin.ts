import type { Request } from 'express';

/**
 * Why a sign-out POST did not come from this app's own pages, or `undefined` when it may proceed.
 *
 * The policy of OWASP's Fetch Metadata guidance and of Go's `http.CrossOriginProtection`:
 * - `Sec-Fetch-Site` (every current browser sends it) decides when present: `same-origin` and
 *   `none` (typed or bookmarked by the person) pass; `same-site` is refused too, because a
 *   sibling subdomain is exactly the attacker issue 7 describes, and `cross-site` is refused.
 * - Without it (older browsers), `Origin`, then `Referer`, must name the SP's public origin.
 * - With none of the three the request is not a browser's cross-site form (browsers send at
 *   least one on a cross-origin POST), so it passes: scripts and old clients keep working.
 */
export function crossSiteSignOutReason(request: Request, baseUrl: string): string | undefined {
  const own = new URL(baseUrl).origin;
  const site = request.get('sec-fetch-site');
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return undefined;
    return `Sec-Fetch-Site is ${/^[a-z-]{1,20}$/.test(site) ? site : 'unknown'}`;
  }
  const origin = request.get('origin');
  if (origin !== undefined) return origin === own ? undefined : 'Origin is not this app';
  const referer = request.get('referer');
  if (referer !== undefined) return originOf(referer) === own ? undefined : 'Referer is not this app';
  return undefined;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
