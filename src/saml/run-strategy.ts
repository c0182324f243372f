import type { Request, Response } from 'express';
import passport from 'passport';
import type { Strategy } from 'passport';

/** How a passport strategy ended one request. */
export type StrategyOutcome =
  | { kind: 'success'; user: unknown }
  | { kind: 'fail'; info?: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'pass' }
  | { kind: 'responded' };

/**
 * Runs this module's own strategy instance on a request, not whatever is registered globally under
 * its name: two modules (or two test apps) in one process would otherwise share the last one
 * registered. A fresh object per request, as passport does for named strategies, keeps concurrent
 * requests from overwriting each other's `success`/`fail` callbacks.
 */
// Typed loosely: passport-saml ships Express 4 request types, this project uses Express 5's.
export function runStrategy(
  strategy: object,
  request: Request,
  response: Response,
  options: object = {},
): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    response.once('finish', () => resolve({ kind: 'responded' }));
    const perRequest = Object.create(strategy) as Strategy;
    passport.authenticate(
      perRequest,
      { ...options, session: false },
      (error: unknown, user: unknown, info: unknown) => {
        if (error) resolve({ kind: 'error', error });
        else if (user) resolve({ kind: 'success', user });
        else resolve({ kind: 'fail', info });
      },
    )(request, response, (error?: unknown) => resolve(error ? { kind: 'error', error } : { kind: 'pass' }));
  });
}
