import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { answerAfterLogout } from './answer-after-logout.js';
import { logValue } from '../common/log-value.js';
import { LogoutIssuers } from './logout-issuers.js';
import { crossSiteSignOutReason } from './logout-origin.js';
import { RedirectBindingReader } from './redirect-binding.js';
import { runStrategy } from './run-strategy.js';
import { SamlCacheService } from './saml-cache.service.js';
import { endSession, IdpLogoutMessages, reasonOf } from './saml-idp-logout.js';
import type { LogoutRequest } from './saml-idp-logout.js';
import { SamlLoginService } from './saml-login.service.js';
import type { LogoutEnvelope, LogoutExpectations } from './saml-logout-message.js';
import { readLogoutEnvelope, readPostLogoutMessage } from './saml-logout-message.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlLogoutRejectedError } from './saml.errors.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.options.js';

const reject = (reason: string) => new SamlLogoutRejectedError(reason);

/**
 * The logout route. `POST` without a SAML message is the person's own sign-out (same-origin only);
 * `GET` carries only the IdP's signed HTTP-Redirect messages, `POST` its signed HTTP-POST ones.
 * Every IdP message passes the bounds (size, signature before inflation, XML preflight) before
 * any XML parser runs. Refusals throw `SamlLogoutRejectedError` (the controller's filter answers).
 */
@Injectable()
export class SamlLogoutService {
  private readonly logger = new Logger('NomosSaml');
  private redirectReader?: { certs: string[]; reader: RedirectBindingReader };
  private readonly idpLogouts: IdpLogoutMessages;
  private readonly issuers: LogoutIssuers;

  constructor(
    @Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly cache: SamlCacheService,
    logins: SamlLoginService,
  ) {
    this.issuers = new LogoutIssuers(options, strategy, cache);
    this.idpLogouts = new IdpLogoutMessages(options, strategy, cache, logins, this.issuers);
  }

  /** The reader for the IdP certificates trusted now: rebuilt when a metadata refresh changed them. */
  private get redirect(): RedirectBindingReader {
    const { certs } = this.options.idp;
    if (this.redirectReader?.certs !== certs) this.redirectReader = { certs, reader: new RedirectBindingReader(certs) };
    return this.redirectReader.reader;
  }

  /** `GET`: an IdP redirect message, or the continuation of a POST-binding LogoutRequest; nothing else signs out. */
  async fromGet(request: LogoutRequest, response: Response): Promise<void> {
    const query = request.query as Record<string, unknown>;
    const message = query.SAMLRequest !== undefined || query.SAMLResponse !== undefined;
    if (request.method !== 'GET' || (!message && query.continue === undefined)) {
      response.setHeader('Allow', 'POST');
      throw new HttpException(
        'Sign out with the app\'s "Sign out" button (a POST); ' +
          'this address only takes messages from the identity provider.',
        HttpStatus.METHOD_NOT_ALLOWED,
      );
    }
    await this.logged(() =>
      message ? this.fromRedirect(request, response) : this.idpLogouts.continueLogout(request, response),
    );
  }

  /** `POST`: an IdP HTTP-POST message, or the person's own sign-out from a page of this app. */
  async fromPost(request: LogoutRequest, response: Response): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = request.query as Record<string, unknown>;
    if (query.SAMLRequest !== undefined || query.SAMLResponse !== undefined) {
      return this.logged(async () => {
        throw reject('an HTTP-Redirect message must come by GET');
      });
    }
    if (body.SAMLRequest !== undefined || body.SAMLResponse !== undefined) {
      return this.logged(() => this.fromPostBinding(request, response, body, 'logout URL'));
    }
    const crossSite = crossSiteSignOutReason(request, this.options.sp.baseUrl);
    if (crossSite) {
      this.logger.warn(`sign-out refused: not from this app's pages (${crossSite})`);
      throw new ForbiddenException('Sign out from the app\'s own "Sign out" button.');
    }
    const user = request.user;
    // Build the IdP logout URL before the session (which names the IdP session) is gone.
    const idpLogout =
      user?.saml && this.options.idp.sloUrl
        ? await this.strategy.saml.getLogoutUrlAsync(user.saml, this.options.defaultReturnTo, {})
        : undefined;
    await endSession(request);
    response.redirect(302, idpLogout ?? this.options.defaultReturnTo);
  }

  /** Signature over the raw query first, then (capped) inflation and preflight, then passport-saml. */
  private async fromRedirect(request: LogoutRequest, response: Response): Promise<void> {
    const message = this.redirect.read(request.originalUrl, request.query, reject);
    const envelope = readLogoutEnvelope(message, this.expected('logout URL'), reject);
    if (envelope.kind === 'LogoutRequest') {
      await this.idpLogouts.useOnce(envelope);
      answerAfterLogout(request, response);
    }
    // passport-saml repeats the signature check (redundant, harmless) and answers a LogoutRequest itself.
    const strategy = this.issuers.strategyFor(envelope.issuer);
    const outcome = await runStrategy(strategy, request, response, { samlFallback: 'logout-request' });
    if (outcome.kind === 'responded' || response.headersSent) return;
    if (outcome.kind !== 'pass') throw reject(reasonOf(outcome.kind === 'error' ? outcome.error : undefined));
    await this.finishSpLogout(envelope, request, response);
  }

  /**
   * A logout message the IdP posted to the ACS (Keycloak with "Master SAML Processing URL" = the ACS
   * and no logout URL of its own): the same checks as at the logout URL, with the ACS as Destination.
   */
  async fromAcs(request: LogoutRequest, response: Response): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    await this.logged(() => this.fromPostBinding(request, response, body, 'ACS URL'));
  }

  /** Size and preflight first; node-saml verifies the enveloped XML signature. */
  private async fromPostBinding(
    request: LogoutRequest,
    response: Response,
    body: Record<string, unknown>,
    at: LogoutExpectations['destinationName'],
  ): Promise<void> {
    const message = readPostLogoutMessage(body, reject);
    const envelope = readLogoutEnvelope(message, this.expected(at), reject);
    if (envelope.kind === 'LogoutRequest') return this.idpLogouts.fromPostRequest(envelope, message, body, response);
    await this.idpLogouts.verifyPostResponse(envelope, body);
    await this.finishSpLogout(envelope, request, response);
  }

  /** A verified LogoutResponse to our own LogoutRequest: Success, and answering a pending request, once. */
  private async finishSpLogout(envelope: LogoutEnvelope, request: LogoutRequest, response: Response): Promise<void> {
    if (envelope.status !== 'urn:oasis:names:tc:SAML:2.0:status:Success')
      throw reject('LogoutResponse status is not Success');
    if (!(await this.cache.removeAsync(envelope.inResponseTo ?? null)))
      throw reject('LogoutResponse answers no pending logout request');
    await endSession(request);
    response.redirect(302, this.options.defaultReturnTo);
  }

  private expected(at: LogoutExpectations['destinationName']): LogoutExpectations {
    const { sp } = this.options;
    return {
      destination: at === 'ACS URL' ? sp.acsUrl : sp.logoutUrl,
      destinationName: at,
      isIssuer: (issuer): issuer is string => this.issuers.has(issuer),
    };
  }

  /** One warn line per refused IdP message, with the reason only (never message content). */
  private async logged(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof SamlLogoutRejectedError)
        this.logger.warn(`SAML logout message refused: ${logValue(error.reason)}`);
      throw error;
    }
  }
}
