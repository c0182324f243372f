import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import type { AssuranceRefusalCode } from './error-codes.js';
import { NomosPortalExceptionFilter } from './nomos-portal-exception.filter.js';
import { NomosPortalError } from './nomos-portal.errors.js';

class StepUpError extends NomosPortalError {
  constructor(readonly code: AssuranceRefusalCode) {
    super('step up');
  }
}

/** An express app whose one route throws `error`, answered by `filter` (as Nest would call it). */
function appThrowing(error: unknown, filter: NomosPortalExceptionFilter) {
  const app = express();
  app.all('/portal', () => {
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

const html = 'text/html,application/xhtml+xml,*/*;q=0.8';
const filter = new NomosPortalExceptionFilter({ stepUpUrl: () => '/login?returnTo=%2Fportal&forceAuthn=1' });
const cookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');

describe('the step-up answer of the assurance gate’s refusals', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each<AssuranceRefusalCode>(['AUTHN_CONTEXT_INSUFFICIENT', 'AUTHN_TOO_OLD'])(
    'sends a browser GET refused %s to the forced sign-in once, marking it',
    async (code) => {
      const res = await request(appThrowing(new StepUpError(code), filter))
        .get('/portal')
        .set('accept', html);
      expect([res.status, res.headers.location]).toEqual([302, '/login?returnTo=%2Fportal&forceAuthn=1']);
      expect(cookies(res)).toMatch(/^nomos-step-up=1; Max-Age=600; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    },
  );

  it('answers the 401 page and drops the mark when the browser was sent already', async () => {
    const res = await request(appThrowing(new StepUpError('AUTHN_TOO_OLD'), filter))
      .get('/portal')
      .set('accept', html)
      .set('cookie', 'other=1; nomos-step-up=1');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Please sign in again');
    expect(cookies(res)).toMatch(/^nomos-step-up=; Path=\/; Expires=Thu, 01 Jan 1970/);
  });

  it('answers JSON, unmarked, to an API client and to a POST; the page without a step-up URL', async () => {
    const error = new StepUpError('AUTHN_CONTEXT_INSUFFICIENT');
    const api = await request(appThrowing(error, filter)).get('/portal').expect(401);
    expect(api.body.code).toBe('AUTHN_CONTEXT_INSUFFICIENT');
    const post = await request(appThrowing(error, filter)).post('/portal').set('accept', html).expect(401);
    expect(cookies(api) + cookies(post)).toBe('');
    const page = await request(appThrowing(error, new NomosPortalExceptionFilter())).get('/portal').set('accept', html);
    expect([page.status, page.headers.location]).toEqual([401, undefined]);
    expect(page.text).toContain('Stronger sign-in needed');
  });
});
