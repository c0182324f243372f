import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ResolvedNomosPortalOptions } from '../nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS } from '../nomos-portal.options.js';
import { renderPortalErrorPage } from '../portal/portal-error-page.js';
import { requestIdOf } from '../portal/portal-request.js';
import { SamlLoginBusyError } from './saml-login-binding.service.js';
import { SamlRateLimitedError } from './saml-rate-limit.guard.js';
import { SamlLoginRejectedError, SamlLogoutRejectedError, SamlResponseTooLargeError } from './saml.errors.js';
import { SessionStoreError } from './session-store.errors.js';

/** How one SAML failure is answered; `code` is stable for API clients. */
export interface SamlFailure {
  status: number;
  code: string;
  title: string;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * Turns every error of the SAML routes into an answer: the host-renderable error page
 * (`portal.renderErrorPage`) for browsers — including the IdP's auto-submitting form POST to the
 * ACS, which sends `Accept: text/html` — and JSON `{ statusCode, code, message, requestId }` for
 * everyone else. The reason for a refusal is logged where it is found (guard, services); this
 * filter logs only the unexpected, with its stack.
 */
@Catch()
@Injectable()
export class SamlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NomosSaml');

  constructor(@Inject(NOMOS_PORTAL_OPTIONS) private readonly options: ResolvedNomosPortalOptions) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request);
    const failure = describeSamlFailure(error);
    if (failure.code === 'INTERNAL_ERROR') {
      this.logger.error(`SAML request ${requestId} failed unexpectedly`, error instanceof Error ? error.stack : String(error));
    } else if (failure.code === 'SAML_STORE_UNAVAILABLE') {
      // The class and the driver's code only: a driver's message or parameters may quote session data.
      this.logger.warn(`SAML request ${requestId} failed: database unavailable (${(error as Error).name}${codeOf(error)})`);
    }
    if (response.headersSent) return;
    response.status(failure.status);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Request-Id', requestId);
    if (failure.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(failure.retryAfterSeconds));
    if (request.accepts(['json', 'html']) === 'html') {
      const render = this.options.portal.renderErrorPage ?? renderPortalErrorPage;
      response.type('html').send(render({ status: failure.status, code: failure.code, title: failure.title, message: failure.message, requestId }));
    } else {
      response.json({ statusCode: failure.status, code: failure.code, message: failure.message, requestId });
    }
  }
}

/** The answer for one error of the SAML routes; never the error's own (possibly hostile) text. */
export function describeSamlFailure(error: unknown): SamlFailure {
  const again = 'Please go back to the start page and sign in again.';
  if (error instanceof SamlLoginRejectedError) {
    return { status: 401, code: 'SAML_SIGN_IN_REJECTED', title: 'Sign-in failed', message: `The sign-in could not be completed. ${again}` };
  }
  if (error instanceof SamlLogoutRejectedError) {
    return { status: 400, code: 'SAML_LOGOUT_REJECTED', title: 'Sign-out failed', message: 'The sign-out message could not be accepted.' };
  }
  if (error instanceof SamlLoginBusyError) {
    const message = 'Too many sign-ins are in progress right now. Please try again in a minute.';
    return { status: 503, code: 'SAML_LOGIN_BUSY', title: 'Sign-in busy', message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof SamlRateLimitedError) {
    const message = 'Too many requests from your network. Please wait a minute and try again.';
    return { status: 429, code: 'SAML_RATE_LIMITED', title: 'Too many requests', message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof SamlResponseTooLargeError || (error instanceof HttpException && error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE)) {
    return { status: 413, code: 'SAML_MESSAGE_TOO_LARGE', title: 'Sign-in failed', message: `The sign-in message is too large. ${again}` };
  }
  if (error instanceof SessionStoreError || error instanceof QueryFailedError) {
    const message = 'Sign-in is unavailable right now. Please try again in a minute.';
    return { status: 503, code: 'SAML_STORE_UNAVAILABLE', title: 'Sign-in unavailable', message, retryAfterSeconds: 30 };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, code: 'HTTP_ERROR', title: 'Request failed', message: status < 500 ? error.message : 'The request failed.' };
  }
  return { status: 500, code: 'INTERNAL_ERROR', title: 'Something went wrong', message: 'Something went wrong. Please try again.' };
}

function codeOf(error: unknown): string {
  const code = error instanceof SessionStoreError ? error.code : (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(code) ? `, ${code}` : '';
}
