import type { Request } from 'express';
import type { PortalUser } from '../../src/index.js';

/** The person the package's SAML session put on the request, if any. */
export function signedInUser(request: Request): PortalUser | undefined {
  const user = (request as Request & { user?: PortalUser }).user;
  return user && typeof user.id === 'string' ? user : undefined;
}

/** Where a signed-out browser goes to sign in and come back to `path`. */
export function signInUrl(path: string): string {
  return `/auth/saml/login?returnTo=${encodeURIComponent(path)}`;
}
