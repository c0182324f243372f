import { DOMParser } from '@xmldom/xmldom';
import type { Request } from 'express';
import type { PortalUser } from '../identity/index.js';

/**
 * Signs `user` in on `request`: passport's `logIn` regenerates the session id, so a planted cookie
 * cannot be fixated; the sign-in time starts the absolute timeout.
 */
export async function signInFresh(request: Request & { session?: unknown }, user: PortalUser): Promise<void> {
  await new Promise<void>((resolve, reject) => request.logIn(user, (error) => (error ? reject(error) : resolve())));
  if (request.session) (request.session as unknown as Record<string, unknown>).nomosSignedInAt = Date.now();
}

/**
 * The `InResponseTo` of a response node-saml has just accepted, read the way node-saml reads it
 * (the root element's attribute), so the login binding checks the very request id node-saml
 * matched against the request cache. Only called after verification; `undefined` for an
 * unsolicited (IdP-initiated) response.
 */
export function inResponseToOf(encoded: unknown): string | undefined {
  if (typeof encoded !== 'string') return undefined;
  const doc = new DOMParser({ errorHandler: () => undefined }).parseFromString(
    Buffer.from(encoded, 'base64').toString('utf8'),
    'text/xml',
  );
  return doc?.documentElement?.getAttribute('InResponseTo') || undefined;
}
