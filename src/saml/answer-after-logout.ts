import type { Response } from 'express';
import type { LogoutRequest } from './saml-idp-logout.js';

type LogoutCallback = (error?: unknown) => void;

/**
 * Holds the answer to an IdP LogoutRequest until the local session has ended. passport-saml starts
 * `req.logout()` and its signed redirect back to the IdP at the same time, so the browser could
 * follow the redirect (or come back to the app) while the session store still holds the person:
 * one request later they would still be signed in. The response is ended only once `req.logout()`
 * has called back, whatever it answered.
 */
export function answerAfterLogout(request: LogoutRequest, response: Response): void {
  const logout = (request.logOut ?? request.logout)?.bind(request) as ((...args: unknown[]) => void) | undefined;
  if (!logout) return;
  let loggedOut: Promise<void> = Promise.resolve();
  // passport's authenticate() sets `req.logout = req.logOut || …`: wrap both names.
  request.logout = request.logOut = ((...args: unknown[]) => {
    const done = args.pop() as LogoutCallback;
    loggedOut = new Promise((resolve) =>
      logout(...args, (error?: unknown) => {
        resolve();
        done(error);
      }),
    );
  }) as LogoutRequest['logout'];
  const end = response.end.bind(response) as (...args: unknown[]) => Response;
  response.end = ((...args: unknown[]) => {
    void loggedOut.then(() => end(...args));
    return response;
  }) as Response['end'];
}
