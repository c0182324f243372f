import type { ArgumentsHost } from '@nestjs/common';
import { HttpException, Logger } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import type { NomosErrorOptions } from './errors.options.js';
import { NomosPortalExceptionFilter } from './nomos-portal-exception.filter.js';
import { NomosPortalConfigError, NomosPortalError } from './nomos-portal.errors.js';
import { PortalExceptionFilter } from './route-exception.filters.js';

class BusyError extends NomosPortalError {
  readonly code = 'SAML_LOGIN_BUSY';
  constructor(readonly retryAfterSeconds: number) {
    super('busy');
  }
}
class RefusedError extends NomosPortalError {
  constructor(
    readonly code: 'SPECULATIVE_LOAD' | 'NOT_A_NAVIGATION',
    readonly reason: string,
  ) {
    super('refused');
  }
}
class SignInError extends NomosPortalError {
  readonly code = 'SIGN_IN_REQUIRED';
}

/** An express app whose one route throws `error`, answered by `filter` (as Nest would call it). */
function appThrowing(error: unknown, filter: NomosPortalExceptionFilter) {
  const app = express();
  app.all('/route', () => {
    throw error;
  });
  app.use((thrown: unknown, req: Request, res: Response, _next: NextFunction) => {
    const host = {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ArgumentsHost;
    filter.catch(thrown, host);
  });
  return app;
}

describe('NomosPortalExceptionFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const html = 'text/html,application/xhtml+xml,*/*;q=0.8';

  it('answers JSON from the table, with no-store, the request id and the error’s Retry-After', async () => {
    const res = await request(appThrowing(new BusyError(7), new NomosPortalExceptionFilter()))
      .get('/route')
      .expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      code: 'SAML_LOGIN_BUSY',
      message: 'Too many sign-ins are in progress right now. Please try again in a minute.',
      requestId: res.headers['x-request-id'],
    });
    expect([res.headers['cache-control'], res.headers['retry-after']]).toEqual(['no-store', '7']);
  });

  it('renders the page with the host’s renderer for a client that prefers HTML', async () => {
    const options: NomosErrorOptions = {
      renderErrorPage: (page) => `<p>${page.code} ${page.status} ${page.title}</p>`,
    };
    const res = await request(appThrowing(new NomosPortalConfigError('x'), new NomosPortalExceptionFilter(options)))
      .post('/route')
      .set('accept', html)
      .expect(500);
    expect(res.text).toBe('<p>INVALID_CONFIG 500 Something went wrong</p>');
  });

  it('never shows an error’s own text: others are INTERNAL_ERROR, HttpException text only below 500', async () => {
    const secret = new Error('SELECT * FROM secrets');
    const internal = await request(appThrowing(secret, new NomosPortalExceptionFilter())).get('/route').expect(500);
    expect(internal.body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Something went wrong. Please try again.' });
    const notAllowed = await request(
      appThrowing(new HttpException('Use GET', 405), new NomosPortalExceptionFilter()),
    ).get('/route');
    expect([notAllowed.status, notAllowed.body.code, notAllowed.body.message]).toEqual([405, 'HTTP_ERROR', 'Use GET']);
    const failed = await request(
      appThrowing(new HttpException('db password x', 502), new NomosPortalExceptionFilter()),
    ).get('/route');
    expect([failed.status, failed.body.message]).toEqual([502, 'The request failed.']);
  });

  it('sends a 204 refusal without a body, and a 403 one as the page', async () => {
    const speculative = new RefusedError('SPECULATIVE_LOAD', 'prefetch');
    const empty = await request(appThrowing(speculative, new NomosPortalExceptionFilter())).get('/route').expect(204);
    expect(empty.text).toBe('');
    const frame = new RefusedError('NOT_A_NAVIGATION', 'iframe');
    const page = await request(appThrowing(frame, new NomosPortalExceptionFilter())).get('/route').set('accept', html);
    expect([page.status, page.text]).toEqual([403, expect.stringContaining('<h1>Open it from the app</h1>')]);
  });

  it('redirects a browser GET that must sign in, when there is a sign-in URL; else the 401 page', async () => {
    const filter = new NomosPortalExceptionFilter({
      signInUrl: (req) => `/login?returnTo=${encodeURIComponent(req.originalUrl)}`,
    });
    const redirect = await request(appThrowing(new SignInError('x'), filter))
      .get('/route')
      .set('accept', html)
      .expect(302);
    expect(redirect.headers.location).toBe('/login?returnTo=%2Froute');
    const api = await request(appThrowing(new SignInError('x'), filter))
      .get('/route')
      .expect(401);
    expect(api.body.code).toBe('SIGN_IN_REQUIRED');
    await request(appThrowing(new SignInError('x'), new NomosPortalExceptionFilter()))
      .get('/route')
      .set('accept', html)
      .expect(401);
  });

  it('on the portal routes, answers a POST with JSON whatever it accepts', async () => {
    const res = await request(appThrowing(new BusyError(1), new PortalExceptionFilter()))
      .post('/route')
      .set('accept', html);
    expect(res.type).toBe('application/json');
  });
});
