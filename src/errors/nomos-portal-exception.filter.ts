import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { logValue } from '../common/log-value.js';
import { requestIdOf } from '../common/request-id.js';
import type { NomosPortalErrorCode } from './error-codes.js';
import { renderPortalErrorPage } from './error-page.js';
import type { ErrorAnswer } from './error-table.js';
import { ERROR_ANSWERS } from './error-table.js';
import type { NomosErrorOptions } from './errors.options.js';
import { NOMOS_ERROR_OPTIONS } from './errors.options.js';
import { NomosPortalError } from './nomos-portal.errors.js';
import { clearStepUp, markStepUpSent, stepUpSent } from './step-up-cookie.js';

// The assurance gate's refusals: what a fresh, forced sign-in at the IdP can cure.
const STEP_UP_CODES: ReadonlySet<NomosPortalErrorCode> = new Set(['AUTHN_CONTEXT_INSUFFICIENT', 'AUTHN_TOO_OLD']);

/**
 * Answers every error of a route from the one table (`ERROR_ANSWERS`): a page for browsers (the
 * host's `portal.renderErrorPage`, or the built-in one) and JSON `{ statusCode, code, message,
 * requestId }` for everyone else, with `Cache-Control: no-store`, `X-Request-Id` and, where the
 * error gives one, `Retry-After`. A browser that must sign in is redirected to the login route.
 * Upstream bodies, tokens and links never reach the answer; the request id does, to match logs.
 *
 * The portal and SAML routes use it (through thin subclasses that say which of their requests get
 * pages and which foreign errors mean what); hosts may put it on their own routes:
 * @example @UseFilters(NomosPortalExceptionFilter) on a host controller in a module that imports NomosPortalModule
 */
@Catch()
@Injectable()
export class NomosPortalExceptionFilter implements ExceptionFilter {
  /** Where the filter's lines go. */
  protected readonly logger = new Logger('NomosPortal');
  /** Names the routes in log lines: `<area> request <id> failed …`. */
  protected readonly area: string = 'host';

  constructor(@Optional() @Inject(NOMOS_ERROR_OPTIONS) private readonly options: NomosErrorOptions = {}) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request);
    const code = this.codeOf(error);
    const wantsPage = this.wantsPage(request);
    if (wantsPage && request.method === 'GET' && this.redirected(code, request, response)) return;
    // A host's own subclass may carry a code outside the list: answered as the unexpected.
    const answer = ERROR_ANSWERS[code] ?? ERROR_ANSWERS.INTERNAL_ERROR;
    this.log(error, code, answer, requestId);
    if (response.headersSent) return;

    const http = error instanceof HttpException && code === 'HTTP_ERROR' ? error : undefined;
    const status = http?.getStatus() ?? answer.status;
    const retryAfter = retryAfterOf(error) ?? answer.retryAfterSeconds;
    const fixed = retryAfter !== undefined && answer.retryMessage ? answer.retryMessage : answer.message;
    const message = http && status < 500 ? http.message : fixed.replace('{seconds}', String(retryAfter));
    response.status(status);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Request-Id', requestId);
    const next = error instanceof NomosPortalError && error.nextStep ? { nextStep: error.nextStep } : {};
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    if (status === 204) {
      response.end();
    } else if (wantsPage) {
      const render = this.options.renderErrorPage ?? renderPortalErrorPage;
      response.type('html').send(render({ status, code, title: answer.title, message, requestId, ...next }));
    } else {
      response.json({ statusCode: status, code, message, requestId, ...next });
    }
  }

  /**
   * Sends a browser's `GET` to sign in instead of answering: signed out → the login path; refused
   * by the assurance gate → the login path with ForceAuthn, once (a second refusal gets the page).
   */
  private redirected(code: NomosPortalErrorCode, request: Request, response: Response): boolean {
    const location =
      code === 'SIGN_IN_REQUIRED'
        ? this.options.signInUrl?.(request)
        : STEP_UP_CODES.has(code) && !stepUpSent(request)
          ? this.options.stepUpUrl?.(request)
          : undefined;
    if (location === undefined) {
      if (STEP_UP_CODES.has(code)) clearStepUp(request, response);
      return false;
    }
    if (code !== 'SIGN_IN_REQUIRED') markStepUpSent(request, response);
    response.redirect(302, location);
    return true;
  }

  /** The code an error is answered with: its own for a `NomosPortalError`; override to map others. */
  protected codeOf(error: unknown): NomosPortalErrorCode {
    if (error instanceof NomosPortalError) return error.code;
    return error instanceof HttpException ? 'HTTP_ERROR' : 'INTERNAL_ERROR';
  }

  /** Page or JSON: a page when the client prefers HTML (as a browser's navigation or form post does). */
  protected wantsPage(request: Request): boolean {
    return request.accepts(['json', 'html']) === 'html';
  }

  /** One line per error as the table says; never an error's message, which may quote input. */
  protected log(error: unknown, code: NomosPortalErrorCode, answer: ErrorAnswer, requestId: string): void {
    const subject = `${this.area} request ${requestId}`;
    switch (answer.log) {
      case 'error':
        return this.logger.error(
          `${subject} failed unexpectedly`,
          error instanceof Error ? error.stack : String(error),
        );
      case 'refusal':
        // Nobody has been looked up yet: the request id is the only identifier there is to log.
        return this.logger.warn(`${subject} refused: ${code} (${String(field(error, 'reason'))})`);
      case 'failure':
        return this.logger.warn(`${subject} failed: ${code}${nomosReference(error)}`);
      case 'database':
        // The class and the driver's code only: a driver's message or parameters may quote data.
        return this.logger.warn(
          `${subject} failed: database unavailable (${(error as Error).name}${driverCode(error)})`,
        );
    }
  }
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const seconds = error instanceof NomosPortalError ? field(error, 'retryAfterSeconds') : undefined;
  return typeof seconds === 'number' ? seconds : undefined;
}

// `nomosCode` and `nomosRequestId` (MagicLinkUnavailableError) are what Nomos support needs.
function nomosReference(error: unknown): string {
  const [nomosCode, nomosRequestId] = [field(error, 'nomosCode'), field(error, 'nomosRequestId')];
  const parts = [
    typeof nomosCode === 'string' && nomosCode ? `Nomos ${logValue(nomosCode, 64)}` : undefined,
    typeof nomosRequestId === 'string' && nomosRequestId ? `Nomos request ${logValue(nomosRequestId, 200)}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function driverCode(error: unknown): string {
  const own = field(error, 'driverCode');
  const driverError = field(error, 'driverError');
  const code = own ?? (typeof driverError === 'object' ? field(driverError, 'code') : undefined);
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(code) ? `, ${code}` : '';
}
