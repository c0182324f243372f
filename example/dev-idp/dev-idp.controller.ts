import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { autoPostPage, AUTO_SUBMIT_JS, errorPage, loginPage } from './dev-idp-pages.js';
import { DevIdp, DevIdpRequestError } from './dev-idp.js';

/** The development IdP's endpoints: SSO (HTTP-Redirect in, HTTP-POST out), SLO and metadata. */
@Controller('dev-idp')
export class DevIdpController {
  constructor(@Inject(DevIdp) private readonly idp: DevIdp) {}

  /** Receives the AuthnRequest and shows the people to choose from. */
  @Get('sso')
  @Header('Cache-Control', 'no-store')
  login(@Req() request: Request, @Res() response: Response): void {
    this.answer(response, () => loginPage(this.idp.receiveLogin(request.originalUrl), this.idp.people));
  }

  /** Signs the chosen person in: an auto-posting form carrying the signed response to the ACS. */
  @Post('sso')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async choose(@Body() body: Record<string, unknown> | undefined, @Res() response: Response): Promise<void> {
    try {
      const answer = await this.idp.answerLogin(body?.request, body?.person);
      response.type('html').send(autoPostPage(answer.acsUrl, answer.samlResponse, answer.relayState));
    } catch (error) {
      this.refuse(response, error);
    }
  }

  /** Answers the SP's LogoutRequest with a signed LogoutResponse, straight back to the SP. */
  @Get('slo')
  @Header('Cache-Control', 'no-store')
  logout(@Req() request: Request, @Res() response: Response): void {
    try {
      response.redirect(302, this.idp.answerLogout(request.originalUrl));
    } catch (error) {
      this.refuse(response, error);
    }
  }

  @Get('metadata')
  @Header('Content-Type', 'application/samlmetadata+xml')
  metadata(): string {
    return this.idp.metadataXml();
  }

  @Get('auto-submit.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  autoSubmit(): string {
    return AUTO_SUBMIT_JS;
  }

  private answer(response: Response, render: () => string): void {
    try {
      response.type('html').send(render());
    } catch (error) {
      this.refuse(response, error);
    }
  }

  private refuse(response: Response, error: unknown): void {
    if (!(error instanceof DevIdpRequestError)) throw error;
    response.status(400).type('html').send(errorPage(error.message));
  }
}
