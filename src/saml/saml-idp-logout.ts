import type { Profile } from '@node-saml/node-saml';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { PortalUser } from '../identity/index.js';
import type { LogoutIssuers } from './logout-issuers.js';
import type { SamlCacheService } from './saml-cache.service.js';
import type { SamlLoginService } from './saml-login.service.js';
import type { LogoutEnvelope, LogoutMessage } from './saml-logout-message.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlLogoutRejectedError } from './saml.errors.js';
import type { SamlStrategy } from './saml.strategy.js';

export type LogoutRequest = Request & { user?: PortalUser };
const reject = (reason: string) => new SamlLogoutRejectedError(reason);
const CONTINUATION = /^_slo_[0-9a-f]{32}$/;

/**
 * The IdP's HTTP-POST logout messages, and the replay rule for every IdP LogoutRequest.
 *
 * A POST from the IdP's page is a cross-site request: the `SameSite=Lax` session cookie is not
 * sent with it, so the session it should end is invisible there (and answering Success would be
 * the lie issue 7 describes). The verified request is therefore kept server-side under a random,
 * single-use handle and the browser is sent (303) to a same-site `GET …/logout?continue=<handle>`,
 * a top-level navigation that carries the cookie; that step ends the session and answers the IdP.
 */
export class IdpLogoutMessages {
  constructor(
    private readonly options: ResolvedSamlOptions,
    private readonly strategy: SamlStrategy,
    private readonly cache: SamlCacheService,
    private readonly logins: SamlLoginService,
    private readonly issuers: LogoutIssuers,
  ) {}

  /**
   * Each IdP LogoutRequest is used once and only while fresh: node-saml checks neither, so a
   * captured message could otherwise sign someone out again and again.
   */
  async useOnce(envelope: LogoutEnvelope): Promise<void> {
    const issued = envelope.issueInstant?.getTime() ?? Number.NaN;
    const { requestTtlMs, acceptedClockSkewMs } = this.options;
    if (
      !Number.isFinite(issued) ||
      issued > Date.now() + acceptedClockSkewMs ||
      issued < Date.now() - requestTtlMs - acceptedClockSkewMs
    ) {
      throw reject('LogoutRequest IssueInstant missing or outside saml.requestTtlMs');
    }
    const until = Math.max(issued + requestTtlMs + acceptedClockSkewMs, envelope.notOnOrAfter?.getTime() ?? 0);
    if (
      !(await this.cache.markAssertionUsed(this.options.idp.entityId, `LogoutRequest ${envelope.id}`, new Date(until)))
    ) {
      throw reject('LogoutRequest already used (replay)');
    }
  }

  /** node-saml verifies the enveloped signature; then the same-site continuation (see the class). */
  async fromPostRequest(
    envelope: LogoutEnvelope,
    message: LogoutMessage,
    body: Record<string, unknown>,
    response: Response,
  ): Promise<void> {
    let profile: Profile | null;
    try {
      const verifier = this.issuers.requestVerifier(envelope.issuer);
      ({ profile } = await verifier.validatePostRequestAsync({ SAMLRequest: body.SAMLRequest as string }));
    } catch (error) {
      throw reject(reasonOf(error));
    }
    if (!profile) throw reject('not a LogoutRequest');
    await this.useOnce(envelope);
    const handle = `_slo_${randomBytes(16).toString('hex')}`;
    const { ID, issuer, nameID, nameIDFormat, sessionIndex, nameQualifier, spNameQualifier } = profile;
    await this.cache.saveAsync(
      handle,
      JSON.stringify({
        profile: { ID, issuer, nameID, nameIDFormat, sessionIndex, nameQualifier, spNameQualifier },
        relayState: message.relayState,
      }),
    );
    response.redirect(303, `${this.options.sp.logoutUrl}?continue=${handle}`);
  }

  /**
   * The same-site step: ends this browser's session (as passport-saml does for any valid IdP
   * LogoutRequest) and answers the IdP with a signed LogoutResponse, Success when no other person
   * was signed in here.
   */
  async continueLogout(request: LogoutRequest, response: Response): Promise<void> {
    const handle = request.query.continue;
    if (typeof handle !== 'string' || !CONTINUATION.test(handle)) throw reject('unknown logout continuation');
    const saved = await this.cache.getAsync(handle);
    if (!saved || !(await this.cache.removeAsync(handle))) throw reject('logout continuation unknown, used or expired');
    const { profile, relayState } = JSON.parse(saved) as { profile: Profile; relayState?: string };
    const current = request.user;
    const success = !current || this.logins.verifyLogout(current, profile) !== undefined;
    const url = await this.strategy.saml.getLogoutResponseUrlAsync(profile, relayState ?? '', {}, success);
    await endSession(request);
    response.redirect(302, url);
  }

  /** node-saml verifies the enveloped signature of a LogoutResponse sent by POST. */
  async verifyPostResponse(envelope: LogoutEnvelope, body: Record<string, unknown>): Promise<void> {
    try {
      const { loggedOut } = await this.issuers.responseVerifier(envelope.issuer).validatePostResponseAsync({
        SAMLResponse: body.SAMLResponse as string,
      });
      if (!loggedOut) throw new Error('not a LogoutResponse');
    } catch (error) {
      throw reject(reasonOf(error));
    }
  }
}

/** node-saml's messages are short descriptions; keep them, never anything XML-shaped. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/<[^>]*>/g, '').slice(0, 200) : 'invalid';
}

/** Ends the passport login and the session (both, whichever exists). */
export async function endSession(request: LogoutRequest): Promise<void> {
  if (typeof request.logout === 'function' && request.user) {
    await new Promise<void>((resolve, reject) => request.logout((error) => (error ? reject(error) : resolve())));
  }
  if (request.session) await new Promise<void>((resolve) => request.session.destroy(() => resolve()));
}
