import type { IncomingHttpHeaders } from 'node:http';
import { errorReply, type ApiReply } from './api-reply.js';
import type { ApiContext } from './api-context.js';

/**
 * Checks HTTP Basic `client_id:client_secret` (RFC 6749 §2.3.1: both parts are
 * `application/x-www-form-urlencoded` before base64, so `+` is a space and `%2B` a plus). Strict
 * mode accepts only that form; lenient mode also accepts the raw id and secret. Returns the 401 to
 * send, or `undefined` when authenticated.
 */
export function checkBasicAuth(headers: IncomingHttpHeaders, ctx: ApiContext): ApiReply | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  const refuse = (message: string): ApiReply => ({
    ...errorReply(401, message),
    headers: { 'WWW-Authenticate': 'Basic realm="nomos"' },
  });
  if (!match) return refuse('Missing client credentials');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return refuse('Malformed client credentials');
  // Many clients skip the form-encoding step; a lenient emulator accepts the raw form as well.
  const lenient = ctx.config.strict === false;
  const matches = (raw: string, expected: string) => formDecode(raw) === expected || (lenient && raw === expected);
  if (
    !matches(decoded.slice(0, colon), ctx.config.clientId) ||
    !matches(decoded.slice(colon + 1), ctx.config.clientSecret)
  ) {
    return refuse('Invalid client credentials');
  }
  return undefined;
}

/** Checks `Authorization: Bearer …` against the issued access tokens. Returns the 401 to send, if any. */
export function checkBearer(headers: IncomingHttpHeaders, ctx: ApiContext): ApiReply | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  const refuse = (message: string): ApiReply => ({
    ...errorReply(401, message),
    headers: { 'WWW-Authenticate': 'Bearer realm="nomos"' },
  });
  if (!match) return refuse('Missing bearer token');
  const verdict = ctx.state.checkAccessToken(match[1]);
  if (verdict === 'expired') return refuse('Token expired');
  if (verdict === 'unknown') return refuse('Invalid or malformed token');
  return undefined;
}

/** Form-decodes one credential; `undefined` when it is not valid percent-encoding (never equal to a credential). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
