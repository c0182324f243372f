import type { Request, Response } from 'express';

// As long as a sign-in at the IdP may take (node-saml's request lifetime defaults to 10 minutes too).
const STEP_UP_MAX_AGE_MS = 600_000;

// `__Host-` over https: a sibling subdomain cannot plant it. A planted one could only turn a
// redirect into the "stronger sign-in" page; it never lets anyone through the gate.
const nameFor = (request: Request): string => (request.secure ? '__Host-nomos-step-up' : 'nomos-step-up');

/**
 * Whether this browser has been sent to sign in again for the assurance gate within the last
 * minutes. The gate re-checks whatever the IdP answers, so the mark only decides between a second
 * round trip and the "stronger sign-in" page: an IdP that ignores ForceAuthn or RequestedAuthnContext
 * (or signs the person in from its own session at once) cannot send the browser round forever.
 */
export function stepUpSent(request: Request): boolean {
  const name = nameFor(request);
  return (request.headers.cookie ?? '').split(';').some((part) => part.trim() === `${name}=1`);
}

/** Marks the browser as sent (HttpOnly, SameSite=Lax: the IdP's way back is a same-site GET). */
export function markStepUpSent(request: Request, response: Response): void {
  response.cookie(nameFor(request), '1', {
    httpOnly: true,
    secure: request.secure,
    sameSite: 'lax',
    path: '/',
    maxAge: STEP_UP_MAX_AGE_MS,
  });
}

/** Drops the mark, when the browser holds one: after the page, and once the gate let the person through. */
export function clearStepUp(request: Request, response: Response): void {
  if (!stepUpSent(request)) return;
  response.clearCookie(nameFor(request), { httpOnly: true, secure: request.secure, sameSite: 'lax', path: '/' });
}
