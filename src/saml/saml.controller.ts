import { All, Get, Header, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PortalUser } from './portal-user.js';
import { isSafeReturnTo, toRelayState } from './return-to.js';
import { SamlAcsGuard } from './saml-acs.guard.js';
import { SamlLogoutService } from './saml-logout.service.js';
import type { ResolvedSamlOptions } from './saml-options.resolve.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.tokens.js';

/** SP-initiated login, the ACS, SP metadata and logout. Mounted under the module's `samlRoutePrefix`. */
export class SamlController {
  constructor(
    @Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly logouts: SamlLogoutService,
  ) {}

  /** Redirects to the IdP with an AuthnRequest; `returnTo` travels as RelayState. */
  @Get('login')
  @Header('Cache-Control', 'no-store')
  async login(@Query('returnTo') returnTo: unknown, @Res() response: Response): Promise<void> {
    const relayState = toRelayState(isSafeReturnTo(returnTo) ? returnTo : this.options.defaultReturnTo);
    response.redirect(302, await this.strategy.saml.getAuthorizeUrlAsync(relayState, undefined, {}));
  }

  /** The IdP posts here; the guard verifies and signs in. RelayState is re-checked: it is unsigned. */
  @Post('acs')
  @UseGuards(SamlAcsGuard)
  @HttpCode(303)
  acs(@Req() request: Request, @Res() response: Response): void {
    const relayState = (request.body as Record<string, unknown>).RelayState;
    response.redirect(303, isSafeReturnTo(relayState) ? relayState : this.options.defaultReturnTo);
  }

  @Get('metadata')
  @Header('Content-Type', 'application/samlmetadata+xml')
  metadata(): string {
    const { sp } = this.options;
    return this.strategy.generateServiceProviderMetadata(sp.decryptionCert ?? null, sp.signingCert ?? null);
  }

  /**
   * Without a SAML message: ends the local session and, when the IdP has a logout endpoint, sends
   * the person there to end the IdP session too. With one: the IdP's LogoutRequest or LogoutResponse.
   */
  @All('logout')
  @Header('Cache-Control', 'no-store')
  async logout(@Req() request: Request & { user?: PortalUser }, @Res() response: Response): Promise<void> {
    await this.logouts.handle(request, response);
  }
}
