import type { Request } from 'express';
import { isUrlHost } from '../common/url-host.js';
import { AdminRequestRefusedError } from './admin.errors.js';

/** The custom header every state-changing admin request carries (any non-empty value, e.g. `1`). */
export const ADMIN_API_HEADER = 'X-Nomos-Admin';

/** The content type each state-changing route takes; none of them a page's form or beacon can send. */
export type AdminBodyType = 'application/json' | 'text/csv' | 'none';

const lower = (request: Request, name: string) => request.get(name)?.trim().toLowerCase();

/**
 * CSRF defence for cookie sessions (OWASP: custom request header + Fetch Metadata + Origin check).
 * - Every admin route: a `Sec-Fetch-Site: cross-site` request is refused, so another site can
 *   neither change anything nor make an admin's browser start a million-row export.
 * - State-changing routes (POST, DELETE): `X-Nomos-Admin` must be set, which makes the request
 *   non-simple (a form, `<img>` or no-cors fetch cannot send it; a cross-origin fetch needs a CORS
 *   preflight the app does not grant); the body's content type must be the route's; Fetch Metadata,
 *   when sent, must say same-origin; an `Origin`, when sent, must be the app's own or in
 *   `admin.allowedOrigins`.
 * @returns the refusal, or `undefined` to let the request through
 */
export function refuseUnlessAdminRequest(
  request: Request,
  body: AdminBodyType | undefined,
  allowedOrigins: readonly string[],
): AdminRequestRefusedError | undefined {
  const site = lower(request, 'sec-fetch-site');
  if (site === 'cross-site') return new AdminRequestRefusedError('a cross-site request (Sec-Fetch-Site)');
  if (body === undefined) return undefined;
  if ((lower(request, ADMIN_API_HEADER) ?? '') === '') {
    return new AdminRequestRefusedError(`no ${ADMIN_API_HEADER} header`);
  }
  const origin = request.get('origin');
  const allowedOrigin = origin !== undefined && (origin === ownOrigin(request) || allowedOrigins.includes(origin));
  if (site !== undefined && site !== 'same-origin' && !(allowedOrigin && site === 'same-site')) {
    return new AdminRequestRefusedError('not a same-origin request (Sec-Fetch-Site)');
  }
  if (origin !== undefined && !allowedOrigin) {
    return new AdminRequestRefusedError('Origin is neither the app nor in admin.allowedOrigins');
  }
  const type = lower(request, 'content-type')?.split(';')[0].trim();
  if (body !== 'none' && type !== body) return new AdminRequestRefusedError(`the body must be ${body}`);
  return undefined;
}

/** The origin the request was sent to (protocol and Host as Express reads them). */
function ownOrigin(request: Request): string | undefined {
  const host = request.host;
  if (!isUrlHost(host, { port: true })) return undefined;
  try {
    return new URL(`${request.protocol}://${host}`).origin;
  } catch {
    return undefined;
  }
}
