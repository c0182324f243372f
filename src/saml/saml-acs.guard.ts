import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PortalUser } from './portal-user.js';
import { runStrategy } from './run-strategy.js';
import type { ResolvedSamlOptions } from './saml-options.resolve.js';
import { preflightSamlResponse } from './saml-response.checks.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.tokens.js';

type AcsRequest = Request & { session?: Record<string, unknown>; user?: PortalUser };

/**
 * Guards the ACS: refuses oversize and malformed bodies before any XML code runs, lets the
 * passport-saml strategy verify the response, then starts a fresh session (`req.logIn`
 * regenerates the session id, so a planted cookie cannot be fixated). Refusals are 401 with one
 * log line giving the reason, never the assertion. Override `handleRequest` to adapt.
 */
@Injectable()
export class SamlAcsGuard implements CanActivate {
  private readonly logger = new Logger('NomosSaml');

  constructor(
    @Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AcsRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const declared = Number(request.get('content-length') ?? 0);
    if (declared > this.saml.maxResponseBytes || String(body.SAMLResponse ?? '').length > this.saml.maxResponseBytes) {
      this.logger.warn(`SAML response refused: larger than ${this.saml.maxResponseBytes} bytes`);
      throw new HttpException('SAML response too large', HttpStatus.PAYLOAD_TOO_LARGE);
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
    await new Promise<void>((resolve, reject) => request.logIn(user, (error) => (error ? reject(error) : resolve())));
    if (request.session) request.session.nomosSignedInAt = Date.now();
    return true;
  }

  /** @throws UnauthorizedException (after logging why) unless there is a user. */
  protected handleRequest(error: unknown, user: PortalUser | undefined): PortalUser {
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
