import { checkBasicAuth } from './api-auth.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import { errorReply, fieldErrorReply, okReply, type ApiReply } from './api-reply.js';
import { bodyFields } from './request-body.js';

/** `grant_type` of a token request, as counted in `tokenByGrant`. */
export function grantTypeOf(req: ApiRequest): string {
  const grant = bodyFields(req.body).grant_type;
  return typeof grant === 'string' && grant !== '' ? grant : '(none)';
}

/**
 * `POST /oauth/token`: client credentials and refresh-token grants, client authenticated with HTTP
 * Basic. Refresh tokens rotate: each can be used once.
 */
export function tokenRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBasicAuth(req.headers, ctx);
  if (unauthorized) return unauthorized;
  if (req.body.kind === 'invalid') return errorReply(400, req.body.message);

  const fields = bodyFields(req.body);
  const grant = fields.grant_type;
  if (typeof grant !== 'string' || grant === '') {
    return fieldErrorReply('grant_type', 'invalid_type', 'Invalid input: expected string, received undefined');
  }
  if (grant === 'refresh_token') {
    const refreshToken = fields.refresh_token;
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      return fieldErrorReply('refresh_token', 'invalid_type', 'Invalid input: expected string, received undefined');
    }
    if (!ctx.state.consumeRefreshToken(refreshToken)) {
      return fieldErrorReply('refresh_token', 'invalid_value', 'Invalid or already used refresh token');
    }
  } else if (grant !== 'client_credentials') {
    return fieldErrorReply('grant_type', 'invalid_value', `Unsupported grant type "${grant}"`);
  }

  const { accessToken, refreshToken } = ctx.state.issueTokens(ctx.config.tokenLifetimeSec);
  // RFC 6749 §5.1: token responses must not be cached.
  return okReply(
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ctx.config.tokenLifetimeSec,
      refresh_token: refreshToken,
      scope: 'read:* write:*',
    },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}
