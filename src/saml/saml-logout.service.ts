import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Request, Response } from 'express';
import { inflateRawSync } from 'node:zlib';
import { runStrategy } from './run-strategy.js';
import { SamlCacheService } from './saml-cache.service.js';
import type { PortalUser } from './portal-user.js';
import type { ResolvedSamlOptions } from './saml-options.resolve.js';
import { SamlStrategy } from './saml.strategy.js';
import { SAML_OPTIONS } from './saml.tokens.js';

type LogoutRequest = Request & { user?: PortalUser };

/** Local logout, SP-initiated single logout, and the IdP's logout messages. */
@Injectable()
export class SamlLogoutService {
  private readonly logger = new Logger('NomosSaml');

  constructor(
    @Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly cache: SamlCacheService,
  ) {}

  async handle(request: LogoutRequest, response: Response): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = request.query as Record<string, unknown>;
    if (query.SAMLRequest || query.SAMLResponse || body.SAMLRequest || body.SAMLResponse) {
      return this.fromIdp(request, response);
    }
    const user = request.user;
    // Build the IdP logout URL before the session (which names the IdP session) is gone.
    const idpLogout = user?.saml && this.options.idp.sloUrl
      ? await this.strategy.saml.getLogoutUrlAsync(user.saml as unknown as Profile, this.options.defaultReturnTo, {})
      : undefined;
    await endSession(request);
    response.redirect(302, idpLogout ?? this.options.defaultReturnTo);
  }

  /**
   * Lets passport-saml verify the IdP's message: a LogoutRequest ends the named session (through
   * the strategy's logoutVerify) and is answered with a signed LogoutResponse redirect; a
   * LogoutResponse to our own request just lands the person on the default page.
   */
  private async fromIdp(request: LogoutRequest, response: Response): Promise<void> {
    // node-saml accepts unsigned redirect-binding logout messages (and any SigAlg, SHA-1 included);
    // a forged one could end anyone's session, so only signed HTTP-Redirect messages get through.
    const refusal = unsignedLogoutMessage(request);
    if (refusal) {
      this.logger.warn(`SAML logout message refused: ${refusal}`);
      response.status(400).type('text/plain').send('Invalid logout message');
      return;
    }
    const outcome = await runStrategy(this.strategy, request, response, { samlFallback: 'logout-request' });
    if (outcome.kind === 'responded' || response.headersSent) return;
    if (outcome.kind !== 'pass') {
      const error = outcome.kind === 'error' ? outcome.error : undefined;
      this.logger.warn(`SAML logout message refused: ${error instanceof Error ? error.message.slice(0, 200) : 'invalid'}`);
      response.status(400).type('text/plain').send('Invalid logout message');
      return;
    }
    // A validated LogoutResponse: node-saml leaves its request id in the cache; use it up.
    await this.cache.removeAsync(logoutResponseInResponseTo(request.query.SAMLResponse));
    await endSession(request);
    response.redirect(302, this.options.defaultReturnTo);
  }
}

function logoutResponseInResponseTo(encoded: unknown): string | null {
  if (typeof encoded !== 'string') return null;
  try {
    const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
    return new DOMParser().parseFromString(xml, 'text/xml').documentElement?.getAttribute('InResponseTo') || null;
  } catch {
    return null;
  }
}

const LOGOUT_SIG_ALGS = [
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
];

function unsignedLogoutMessage(request: Request): string | undefined {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (body.SAMLRequest || body.SAMLResponse) return 'only the HTTP-Redirect binding is accepted for logout';
  const query = request.query as Record<string, unknown>;
  if (typeof query.Signature !== 'string' || query.Signature === '') return 'unsigned';
  if (typeof query.SigAlg !== 'string' || !LOGOUT_SIG_ALGS.includes(query.SigAlg)) return 'signature algorithm not accepted';
  return undefined;
}

async function endSession(request: LogoutRequest): Promise<void> {
  if (typeof request.logout === 'function' && request.user) {
    await new Promise<void>((resolve, reject) => request.logout((error) => (error ? reject(error) : resolve())));
  }
  if (request.session) await new Promise<void>((resolve) => request.session.destroy(() => resolve()));
}
