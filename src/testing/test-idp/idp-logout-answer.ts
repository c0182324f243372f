import { buildLogoutResponse, readLogoutRequest, type LogoutSender } from './idp-logout.js';
import { buildPostLogoutResponse } from './idp-logout-post.js';
import type { TestIdpQuirks } from './idp-quirks.types.js';
import { decodeRedirect } from './redirect-binding.js';
import type { ResolvedSp } from './sp-config.js';
import type { ParsedLogoutRequest } from './test-idp.types.js';

/** How the IdP's browser page sends the LogoutResponse back to the SP. */
export interface LogoutAnswer {
  /** `redirect`: a GET of {@link url}; `post`: an auto-submitted form posting {@link form} to {@link url}. */
  binding: 'redirect' | 'post';
  /** The full redirect URL, or the form's action. */
  url: string;
  /** The posted form fields (`post` only). */
  form?: { SAMLResponse: string; RelayState?: string };
  /** ID of the LogoutResponse. */
  id: string;
  /** The SP's LogoutRequest that was answered. */
  request: ParsedLogoutRequest;
}

/** What {@link answerLogout} needs from its {@link TestIdp}. */
export interface LogoutAnswerContext {
  sender: LogoutSender & { cert: string };
  sp: ResolvedSp;
  quirks: TestIdpQuirks;
}

/**
 * Answers an SP-initiated LogoutRequest (an HTTP-Redirect URL, signature checked against the SP
 * signing certificate) the way the configured IdP does: Success, signed, from the logout issuer,
 * by the quirks' binding to the quirks' URL (default: redirect to the SP's logout URL), with the
 * request's RelayState handed back.
 * @throws Error when the URL carries no LogoutRequest or the SP has no logout URL to answer at
 */
export function answerLogout(ctx: LogoutAnswerContext, spRedirectUrl: string, statusCode?: string): LogoutAnswer {
  const request = readLogoutRequest(spRedirectUrl, ctx.sp.spSigningCert);
  const { relayState } = decodeRedirect(spRedirectUrl);
  const destination = ctx.quirks.logoutResponseUrl ?? ctx.sp.sloUrl;
  if (!destination) throw new Error('The SP has no single logout URL to answer at');
  const opts = { inResponseTo: request.id, destination, relayState, statusCode };
  if (ctx.quirks.logoutResponseBinding === 'post') {
    const posted = buildPostLogoutResponse(ctx.sender, opts);
    const form = { SAMLResponse: posted.value, ...(relayState === undefined ? {} : { RelayState: relayState }) };
    return { binding: 'post', url: destination, form, id: posted.id, request };
  }
  const lowercase = ctx.quirks.lowercasePercentEncoding ?? false;
  const { redirectUrl, id } = buildLogoutResponse(ctx.sender, { ...opts, lowercasePercentEncoding: lowercase });
  return { binding: 'redirect', url: redirectUrl, id, request };
}
