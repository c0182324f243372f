import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Store } from 'express-session';
import passport from 'passport';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SessionStoreError } from './session-store.errors.js';

type SessionSettings = Exclude<ResolvedSamlOptions['session'], false>;

/**
 * The session chain for every route: the cookie session (idle timeout through a rolling cookie
 * whose expiry the store follows, written at most once per `touchIntervalMs` by the module's
 * store; `resave: false`, so an unchanged session is never saved), passport reading the user from
 * it, and the absolute timeout.
 */
export function samlSessionMiddleware(settings: SessionSettings, store: Store): RequestHandler[] {
  return [
    unavailableOnStoreFailure(
      session({
        name: settings.cookieName,
        secret: settings.secret,
        store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: settings.secureCookie,
          maxAge: settings.idleTimeoutMs,
          path: '/',
        },
      }),
    ),
    passport.initialize(),
    passport.session(),
    absoluteTimeout(settings.absoluteTimeoutMs),
  ];
}

const logger = new Logger('NomosSaml');

/**
 * A session store that fails (database down or locked) answers 503, not 500: the request may
 * succeed on a retry. The store's error says which operation failed and the driver's code, never
 * session ids or data.
 */
function unavailableOnStoreFailure(sessions: RequestHandler): RequestHandler {
  return (request, response, next) =>
    sessions(request, response, (error?: unknown) => {
      if (!(error instanceof SessionStoreError)) return next(error as Parameters<NextFunction>[0]);
      logger.warn(`session unavailable: ${error.message}`);
      next(new ServiceUnavailableException('The session store is unavailable; try again shortly'));
    });
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
