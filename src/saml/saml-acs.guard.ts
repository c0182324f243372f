import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { logValue } from '../common/log-value.js';
import { requestIdOf } from '../common/request-id.js';
import { observeSamlAcs } from '../telemetry/index.js';
import { isPostedLogoutMessage } from './acs-logout-message.js';
import type { PortalUser } from '../identity/index.js';
import { runStrategy } from './run-strategy.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { preflightSamlResponse } from './saml-response.checks.js';
import { SamlLoginBindingService } from './saml-login-binding.service.js';
import { inResponseToOf, signInFresh } from './saml-sign-in.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.options.js';

type AcsRequest = Request & {
  session?: Record<string, unknown>;
  user?: PortalUser;
  nomosSamlCompletion?: string;
  nomosSamlLogout?: boolean;
};

/**
 * Guards the ACS: refuses oversize and malformed bodies before any XML code runs and lets the
 * passport-saml strategy verify the response. A response to our own AuthnRequest does not sign in
 * here: the ACS is a cross-site POST that carries none of the browser's Lax cookies, so it cannot
 * tell whose browser posted it. The verified person is parked on the login's binding and the
 * controller sends the browser to the completion step, which checks the binding cookie. Only an
 * unsolicited response (`saml.allowIdpInitiated`) signs in here, with a fresh session id.
 * Refusals throw {@link SamlLoginRejectedError} after one log line giving the reason, never the
 * assertion. Override `handleRequest` to adapt.
 */
@Injectable()
export class SamlAcsGuard implements CanActivate {
  private readonly logger = new Logger('NomosSaml');

  constructor(
    @Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly bindings: SamlLoginBindingService,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AcsRequest>();
    return observeSamlAcs(
      requestIdOf(request),
      () => this.verify(context, request),
      () => !!request.nomosSamlLogout,
    );
  }

  private async verify(context: ExecutionContext, request: AcsRequest): Promise<boolean> {
    const response = context.switchToHttp().getResponse<Response>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const declared = Number(request.get('content-length') ?? 0);
    // Only a string is measured: any other value is refused just below as "no SAMLResponse in the body".
    const encodedLength = typeof body.SAMLResponse === 'string' ? body.SAMLResponse.length : 0;
    if (declared > this.saml.maxResponseBytes || encodedLength > this.saml.maxResponseBytes) {
      this.logger.warn(`SAML response refused: larger than ${this.saml.maxResponseBytes} bytes`);
      throw new HttpException('SAML response too large', HttpStatus.PAYLOAD_TOO_LARGE);
    }
    if (isPostedLogoutMessage(body)) {
      // The logout handling checks it (Keycloak posts logout messages to its "Master SAML Processing URL").
      request.nomosSamlLogout = true;
      return true;
    }
    try {
      preflightSamlResponse(body.SAMLResponse);
    } catch (error) {
      this.handleRequest(error, undefined);
    }
    const outcome = await runStrategy(this.strategy, request, response);
    const user = this.handleRequest(
      outcome.kind === 'error' ? outcome.error : undefined,
      outcome.kind === 'success' ? (outcome.user as PortalUser) : undefined,
    );
    const inResponseTo = inResponseToOf(body.SAMLResponse);
    if (inResponseTo === undefined) {
      await signInFresh(request, user);
      return true;
    }
    try {
      request.nomosSamlCompletion = await this.bindings.hold(inResponseTo, user);
    } catch (error) {
      this.handleRequest(error, undefined);
    }
    return true;
  }

  /** @throws SamlLoginRejectedError (after logging why) unless there is a user. */
  protected handleRequest(error: unknown, user: PortalUser | undefined): PortalUser {
    if (error || !user) {
      const reason = reasonOf(error);
      this.logger.warn(`SAML response refused: ${reason}`);
      throw error instanceof SamlLoginRejectedError ? error : new SamlLoginRejectedError(reason, { cause: error });
    }
    return user;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof SamlLoginRejectedError) return error.reason;
  if (!(error instanceof Error)) return 'no user';
  // node-saml's messages are short descriptions (the audience one names both values, from the
  // verified assertion but still hostile): keep them, never anything XML-shaped, escaped.
  return logValue(error.message.replace(/<[^>]*>/g, ''), 300);
}
