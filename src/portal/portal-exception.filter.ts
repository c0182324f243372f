import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditWriteError } from '../audit/index.js';
import { CustomerLinkStoreError } from '../customer-links/customer-link.errors.js';
import {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  InvalidUserError,
  MagicLinkUnavailableError,
  PortalLinkRejectedError,
} from '../magic-links/index.js';
import type { ResolvedNomosPortalOptions } from '../nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS } from '../nomos-portal.options.js';
import { isSafeReturnTo, PortalAccessDeniedError, SignInRequiredError } from '../identity/index.js';
import { logValue } from '../common/log-value.js';
import { renderPortalErrorPage } from './portal-error-page.js';
import { requestIdOf } from './portal-request.js';
import { PortalRequestRefusedError } from './portal-request-refused.error.js';

interface PortalFailure {
  status: number;
  code: string;
  title: string;
  message: string;
}

/**
 * Turns portal errors into answers: JSON for API callers, a plain page for browsers. Upstream
 * bodies, tokens and links never reach the answer; the request id does, to match log lines.
 */
@Catch()
@Injectable()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NomosPortal');

  constructor(@Inject(NOMOS_PORTAL_OPTIONS) private readonly options: ResolvedNomosPortalOptions) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request);
    const wantsPage = request.method === 'GET' && request.accepts(['json', 'html']) === 'html';

    if (error instanceof SignInRequiredError && wantsPage) {
      const returnTo = isSafeReturnTo(request.originalUrl) ? request.originalUrl : '/';
      response.redirect(302, `${this.options.portal.loginPath}?returnTo=${encodeURIComponent(returnTo)}`);
      return;
    }
    if (error instanceof PortalRequestRefusedError) {
      // Nobody has been looked up yet: the request id is the only identifier there is to log.
      this.logger.warn(`portal request ${requestId} refused: ${error.code} (${error.reason})`);
      if (error.status === 204) {
        response.status(204).end();
        return;
      }
    }
    const failure = describe(error);
    if (failure.code === 'INTERNAL_ERROR') {
      // Unexpected: operators need the cause. Known failures below carry no secrets by design.
      this.logger.error(`portal request ${requestId} failed unexpectedly`, error instanceof Error ? error.stack : String(error));
    } else if (failure.status >= 500) {
      this.logger.warn(`portal request ${requestId} failed: ${failure.code}${nomosRef(error)}`);
    }
    response.status(failure.status);
    if (wantsPage) {
      const render = this.options.portal.renderErrorPage ?? renderPortalErrorPage;
      response.type('html').send(render({ ...failure, requestId }));
    } else {
      response.json({ statusCode: failure.status, code: failure.code, message: failure.message, requestId });
    }
  }
}

function nomosRef(error: unknown): string {
  return error instanceof MagicLinkUnavailableError && error.nomosRequestId ? ` (Nomos request ${logValue(error.nomosRequestId, 200)})` : '';
}

function describe(error: unknown): PortalFailure {
  const unavailable = { title: 'Energy portal unavailable', message: 'The energy portal is unavailable right now. Please try again in a minute.' };
  if (error instanceof SignInRequiredError) {
    return { status: 401, code: 'SIGN_IN_REQUIRED', title: 'Please sign in', message: 'Sign in to open your energy account.' };
  }
  if (error instanceof PortalRequestRefusedError) {
    return { status: error.status, code: error.code, title: 'Open it from the app', message: 'Your energy account opens only from a link you click in the app. Please go back and use that link.' };
  }
  if (error instanceof PortalAccessDeniedError) {
    return { status: 403, code: 'NO_PORTAL_ACCESS', title: 'No access', message: 'Your account has no access to the energy portal. Please contact support.' };
  }
  if (error instanceof CustomerNotLinkedError) {
    return { status: 404, code: error.code, title: 'No energy account linked', message: 'No energy account is linked to your user yet. Please contact support.' };
  }
  if (error instanceof MagicLinkUnavailableError) return { status: error.retryable ? 503 : 502, code: error.code, ...unavailable };
  if (error instanceof PortalLinkRejectedError) return { status: 502, code: error.code, ...unavailable };
  if (error instanceof AuditWriteError) return { status: 503, code: 'AUDIT_UNAVAILABLE', ...unavailable };
  if (error instanceof InvalidUserError) {
    return { status: 400, code: error.code, title: 'Account not usable', message: 'Your sign-in did not give a user id the energy portal can use. Please contact support.' };
  }
  if (error instanceof CustomerLinkStoreError) return { status: 503, code: error.code, ...unavailable };
  // Nobody is left to read it; 499 (nginx's "client closed request") keeps it out of the 5xx warnings.
  if (error instanceof ClientDisconnectedError) {
    return { status: 499, code: error.code, title: 'Request cancelled', message: 'The request was cancelled before the link could be sent.' };
  }
  if (error instanceof HttpException) {
    return { status: error.getStatus(), code: 'HTTP_ERROR', title: 'Request failed', message: error.message };
  }
  return { status: 500, code: 'INTERNAL_ERROR', title: 'Something went wrong', message: 'Something went wrong. Please try again.' };
}
