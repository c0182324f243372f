import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Store } from 'express-session';
import passport from 'passport';
import type { ResolvedSamlOptions } from './saml-options.resolve.js';

type SessionSettings = Exclude<ResolvedSamlOptions['session'], false>;

/**
 * The session chain for every route: the cookie session (idle timeout through a rolling cookie
 * whose expiry the store follows), passport reading the user from it, and the absolute timeout.
 */
export function samlSessionMiddleware(settings: SessionSettings, store: Store): RequestHandler[] {
  return [
    session({
      name: settings.cookieName,
      secret: settings.secret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: settings.secureCookie, maxAge: settings.idleTimeoutMs, path: '/' },
    }),
    passport.initialize(),
    passport.session(),
    absoluteTimeout(settings.absoluteTimeoutMs),
  ];
}

/** Ends a session that has lasted longer than `limitMs` since sign-in, however active it was. */
function absoluteTimeout(limitMs: number): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const signedInAt = (request.session as { nomosSignedInAt?: number } | undefined)?.nomosSignedInAt;
    if (!signedInAt || Date.now() - signedInAt <= limitMs) return next();
    (request as { user?: unknown }).user = undefined;
    request.session.destroy((error) => next(error));
  };
}
