import type { ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { ResolvedSamlOptions } from './saml-options.resolve.js';
import { preflightSamlResponse } from './saml-response.checks.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { SAML_OPTIONS, SAML_STRATEGY } from './saml.tokens.js';

/**
 * Guards the ACS: refuses oversize and malformed bodies before any XML code runs, lets
 * passport-saml verify the response, then starts a fresh session (passport regenerates the
 * session id at login, so a planted cookie cannot be fixated). Refusals are 401 with one log line
 * giving the reason, never the assertion.
 */
@Injectable()
export class SamlAcsGuard extends AuthGuard(SAML_STRATEGY) {
  private readonly logger = new Logger('NomosSaml');

  constructor(@Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { session?: Record<string, unknown> }>();
    const length = Number(request.get('content-length') ?? 0);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (length > this.saml.maxResponseBytes || String(body.SAMLResponse ?? '').length > this.saml.maxResponseBytes) {
      this.logger.warn(`SAML response refused: larger than ${this.saml.maxResponseBytes} bytes`);
      throw new HttpException('SAML response too large', HttpStatus.PAYLOAD_TOO_LARGE);
    }
    try {
      preflightSamlResponse(body.SAMLResponse);
    } catch (error) {
      this.handleRequest(error, undefined);
    }
    await super.canActivate(context);
    await super.logIn(request);
    if (request.session) request.session.nomosSignedInAt = Date.now();
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | undefined): TUser {
    if (error || !user) {
      this.logger.warn(`SAML response refused: ${reasonOf(error)}`);
      throw new UnauthorizedException('SAML sign-in failed');
    }
    return user;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof SamlLoginRejectedError) return error.reason;
  if (!(error instanceof Error)) return 'no user';
  // node-saml's messages are short descriptions; keep them, but never anything XML-shaped.
  return error.message.replace(/<[^>]*>/g, '').slice(0, 200);
}
