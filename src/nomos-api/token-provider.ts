import type { LoggerService } from '@nestjs/common';
import { headerValue, nomosErrorFromResponse } from './error-mapper.js';
import { NomosApiError, NomosAuthenticationError, describeError } from './nomos-api.errors.js';
import type { HttpTransport, TransportResponse } from './http-transport.js';
import type { ResolvedNomosApiOptions } from './nomos-api.options.js';
import { readToken } from './response-shapes.js';
import { observeTokenRequest } from '../telemetry/index.js';

interface CachedToken {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  refreshAt: number;
}

type Grant = { grant_type: 'client_credentials' } | { grant_type: 'refresh_token'; refresh_token: string };

/**
 * Holds the Nomos access token: client-credentials grant on first use, renewed
 * `tokenRefreshMarginSec` before expiry with the refresh-token grant (client credentials when that
 * fails). Single-flight: concurrent callers share one token request. Tokens never reach a log.
 */
export class TokenProvider {
  private current?: CachedToken;
  private inflight?: Promise<string>;
  private readonly basicAuth: string;

  /**
   * @param now clock in epoch milliseconds, injectable so specs can move time forward
   * @default now Date.now
   */
  constructor(
    private readonly transport: Pick<HttpTransport, 'send'>,
    private readonly options: ResolvedNomosApiOptions,
    private readonly logger: Pick<LoggerService, 'warn' | 'debug'>,
    private readonly now: () => number = Date.now,
  ) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64, so a secret with `+ / = : % &`
    // or spaces reaches Nomos as it was issued (a raw `:` would end the id, a raw `+` read as a space).
    const pair = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    this.basicAuth = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }

  /**
   * A valid access token, from the cache or from one shared token request.
   * @throws NomosAuthenticationError when Nomos refuses the credentials; other `NomosApiError`s for
   * rate limits, 5xx, network errors (retryable, the client's retry loop handles them)
   */
  getToken(): Promise<string> {
    const cached = this.current;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.accessToken);
    this.inflight ??= this.renew(cached).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Forgets `accessToken` (and its refresh token) after Nomos answered 401 to it. A token another
   * caller has already replaced is left alone, so a burst of 401s causes one new token request.
   */
  invalidate(accessToken: string): void {
    if (this.current?.accessToken === accessToken) this.current = undefined;
  }

  private async renew(old: CachedToken | undefined): Promise<string> {
    if (old?.refreshToken) {
      try {
        return await this.request({ grant_type: 'refresh_token', refresh_token: old.refreshToken });
      } catch (err) {
        this.logger.warn(`Nomos token refresh failed (${describeError(err)}); falling back to client credentials`);
      }
    }
    try {
      return await this.request({ grant_type: 'client_credentials' });
    } catch (err) {
      // We only renew early to avoid expiry; while the old token still works and nobody saw a 401
      // for it, a token-endpoint outage need not fail the user's call.
      if (old && this.current === old && this.now() < old.expiresAt) {
        this.logger.warn(
          `Nomos token renewal failed (${describeError(err)}); using the current token until it expires`,
        );
        return old.accessToken;
      }
      throw err;
    }
  }

  private request(grant: Grant): Promise<string> {
    return observeTokenRequest(grant.grant_type, () => this.send(grant));
  }

  private async send(grant: Grant): Promise<string> {
    const res = await this.transport.send({
      method: 'POST',
      path: '/oauth/token',
      headers: { authorization: this.basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(grant).toString(),
    });
    if (res.statusCode < 200 || res.statusCode > 299) throw tokenError(grant.grant_type, res);
    const token = readToken(res.body, headerValue(res.headers, 'x-request-id'));
    const lifetimeMs = token.expires_in * 1000;
    // Never refresh earlier than half-way, or a short-lived token would be renewed on every call.
    const marginMs = Math.min(this.options.tokenRefreshMarginSec * 1000, lifetimeMs / 2);
    const issuedAt = this.now();
    this.current = {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? undefined,
      expiresAt: issuedAt + lifetimeMs,
      refreshAt: issuedAt + lifetimeMs - marginMs,
    };
    this.logger.debug?.(`Nomos access token obtained (${grant.grant_type}), valid for ${token.expires_in} s`);
    return token.access_token;
  }
}

/** `application/x-www-form-urlencoded` encoding of one value (WHATWG serializer: space → `+`, reserved → `%XX`). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function tokenError(grantType: string, res: TransportResponse): NomosApiError {
  const err = nomosErrorFromResponse(res.statusCode, res.body, res.headers);
  if (err.retryable) return err;
  // 400/401/403 here mean the credentials or the refresh token were refused: not worth retrying.
  const rid = err.requestId ? ` (requestId ${err.requestId})` : '';
  return new NomosAuthenticationError(
    `Nomos token endpoint refused the ${grantType} grant: ${res.statusCode} ${err.nomosCode}${rid}`,
    { statusCode: err.statusCode, nomosCode: err.nomosCode, requestId: err.requestId, retryable: false },
  );
}
