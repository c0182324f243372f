import {
  Get,
  Header,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PortalUser } from '../identity/index.js';
import { SamlExceptionFilter } from '../errors/index.js';
import { requestIdOf } from '../common/request-id.js';
import { observeSamlLogout } from '../telemetry/index.js';
import { isSafeReturnTo, toRelayState } from '../identity/index.js';
import { ForcedAuthnRequests } from './forced-authn-requests.js';
import { SamlAcsGuard } from './saml-acs.guard.js';
import { authnRequestIdOf } from './saml-authn-request-id.js';
import { SamlLoginBindingService } from './saml-login-binding.service.js';
import { SamlRateLimitGuard } from './saml-rate-limit.guard.js';
import { signInFresh } from './saml-sign-in.js';
import { SamlLogoutService } from './saml-logout.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.options.js';

/**
 * SP-initiated login, the ACS and its completion step, SP metadata and logout. Mounted under the
 * module's `samlRoutePrefix`. Every route is rate-limited per client IP and answers errors as a
 * page (browsers) or JSON.
 */
@UseGuards(SamlRateLimitGuard)
@UseFilters(SamlExceptionFilter)
export class SamlController {
  constructor(
    @Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly logouts: SamlLogoutService,
    private readonly bindings: SamlLoginBindingService,
    private readonly forced: ForcedAuthnRequests,
  ) {}

  /**
   * Redirects to the IdP with an AuthnRequest; `returnTo` travels as RelayState and is kept with
   * the login's binding to this browser. 503 while `saml.maxPendingLogins` logins are outstanding.
   * `forceAuthn=1` (where the assurance gate sends a browser) asks for a fresh sign-in: ForceAuthn
   * and the configured RequestedAuthnContext. Only ever stricter, and what comes back is re-checked.
   */
  @Get('login')
  @Header('Cache-Control', 'no-store')
  async login(
    @Query('returnTo') returnTo: unknown,
    @Query('forceAuthn') forceAuthn: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.bindings.admit();
    const target = isSafeReturnTo(returnTo) ? returnTo : this.options.defaultReturnTo;
    const saml = forceAuthn === '1' ? this.forced.saml : this.strategy.saml;
    const url = await saml.getAuthorizeUrlAsync(toRelayState(target), undefined, {});
    await this.bindings.begin(request, response, authnRequestIdOf(url), target);
    response.redirect(302, url);
  }

  /**
   * The IdP posts here; the guard verifies. A response to our AuthnRequest goes on to the
   * completion step; an unsolicited one (when allowed) is signed in and lands on its RelayState,
   * re-checked because it is unsigned. A logout message posted here (the guard tells) is handled as
   * at the logout URL.
   */
  @Post('acs')
  @UseGuards(SamlAcsGuard)
  @HttpCode(303)
  @Header('Cache-Control', 'no-store')
  async acs(
    @Req() request: Request & { nomosSamlCompletion?: string; nomosSamlLogout?: boolean; user?: PortalUser },
    @Res() response: Response,
  ): Promise<void> {
    if (request.nomosSamlLogout) return this.logouts.fromAcs(request, response);
    if (request.nomosSamlCompletion) return response.redirect(303, request.nomosSamlCompletion);
    const relayState = (request.body as Record<string, unknown>).RelayState;
    response.redirect(303, isSafeReturnTo(relayState) ? relayState : this.options.defaultReturnTo);
  }

  /**
   * Same-site top-level GET after the ACS: signs in only the browser that started this login (its
   * binding cookie), once, then lands where the login route was asked to return to.
   */
  @Get('complete')
  @Header('Cache-Control', 'no-store')
  async complete(
    @Query('request') requestId: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Express answers HEAD with the GET handler; a HEAD must not use up (or finish) a login.
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      throw new HttpException('Use GET', HttpStatus.METHOD_NOT_ALLOWED);
    }
    const { user, returnTo } = await this.bindings.complete(request, requestId);
    await signInFresh(request, user);
    response.redirect(303, returnTo);
  }

  @Get('metadata')
  @Header('Content-Type', 'application/samlmetadata+xml')
  metadata(): string {
    const { sp } = this.options;
    return this.strategy.generateServiceProviderMetadata(sp.decryptionCert ?? null, sp.signingCert ?? null);
  }

  /**
   * Only the IdP's signed HTTP-Redirect messages (and the same-site step after a POST-binding
   * LogoutRequest). A bare GET signs nobody out: 405, `Allow: POST`.
   */
  @Get('logout')
  @Header('Cache-Control', 'no-store')
  async logoutMessage(@Req() request: Request & { user?: PortalUser }, @Res() response: Response): Promise<void> {
    await observeSamlLogout(requestIdOf(request), 'redirect', () => this.logouts.fromGet(request, response));
  }

  /**
   * Without a SAML message: the person's own sign-out from this app's pages (cross-site posts are
   * refused, 403); ends the local session and, when the IdP has a logout endpoint, sends the person
   * there too. With one: the IdP's signed HTTP-POST LogoutRequest or LogoutResponse.
   */
  @Post('logout')
  @HttpCode(302)
  @Header('Cache-Control', 'no-store')
  async logout(@Req() request: Request & { user?: PortalUser }, @Res() response: Response): Promise<void> {
    await observeSamlLogout(requestIdOf(request), 'post', () => this.logouts.fromPost(request, response));
  }
}
