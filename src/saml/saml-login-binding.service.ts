import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Repository } from 'typeorm';
import type { PortalUser } from '../identity/index.js';
import { LoginBindingRows } from './login-binding-rows.js';
import { hashNonce, LoginNonceCookie, nonceMatches } from './login-nonce-cookie.js';
import { PendingLoginGate } from './pending-login-gate.js';
import { SamlCacheService } from './saml-cache.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlRequestEntry } from './saml-request.entity.js';
import { SamlLoginBusyError, SamlLoginRejectedError } from './saml.errors.js';
import { SAML_OPTIONS } from './saml.options.js';

// A verified sign-in waits this long at most for the browser to reach the completion step.
const HANDOFF_TTL_MS = 120_000;

/**
 * Binds each SP-initiated login to the browser that started it (login CSRF). The login route
 * gives the browser a random nonce cookie and stores its hash with the AuthnRequest id; the ACS,
 * a cross-site POST that carries no Lax cookie, only parks the verified person on that row; the
 * completion step, a same-site top-level GET that does carry the cookie, signs in only when the
 * cookie's hash matches the row of the response's `InResponseTo`.
 */
@Injectable()
export class SamlLoginBindingService {
  private readonly logger = new Logger('NomosSaml');
  private readonly cookie: LoginNonceCookie;
  private readonly bindings: LoginBindingRows;
  private readonly gate: PendingLoginGate;

  constructor(
    @Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions,
    @InjectRepository(SamlRequestEntry) rows: Repository<SamlRequestEntry>,
    private readonly cache: SamlCacheService,
  ) {
    this.cookie = new LoginNonceCookie(saml.sp.baseUrl.startsWith('https:'), saml.requestTtlMs);
    this.bindings = new LoginBindingRows(rows);
    this.gate = new PendingLoginGate(() => this.cache.pendingLogins(), saml.maxPendingLogins);
  }

  /**
   * Refuses a new login while `maxPendingLogins` are outstanding.
   * @throws SamlLoginBusyError
   */
  async admit(): Promise<void> {
    const { admitted, nextExpiryAt } = await this.gate.admit();
    if (admitted) return;
    const wait = nextExpiryAt === undefined ? 60 : Math.ceil((nextExpiryAt - Date.now()) / 1000);
    throw new SamlLoginBusyError(Math.min(Math.max(wait, 1), 3600));
  }

  /** At the login route: binds AuthnRequest `requestId` (and where to land) to this browser. */
  async begin(request: Request, response: Response, requestId: string, returnTo: string): Promise<void> {
    const nonce = this.cookie.nonceFor(request);
    await this.bindings.add(requestId, { binding: hashNonce(nonce), returnTo }, this.saml.requestTtlMs);
    this.cookie.set(response, nonce);
  }

  /**
   * At the ACS, after the response was verified: parks `user` on the login's row.
   * @returns the completion path the browser is sent to
   * @throws SamlLoginRejectedError when the login was not started here or has expired
   */
  async hold(requestId: string, user: PortalUser): Promise<string> {
    const row = await this.bindings.live(requestId);
    if (!row || row.binding.user) throw new SamlLoginRejectedError('no login in progress for InResponseTo');
    const handoffUntil = Math.min(row.expiresAt, Date.now() + HANDOFF_TTL_MS);
    if (!(await this.bindings.replace(requestId, row, { ...row.binding, user }, handoffUntil))) {
      throw new SamlLoginRejectedError('no login in progress for InResponseTo');
    }
    const acsPath = new URL(this.saml.sp.acsUrl).pathname;
    return `${acsPath.replace(/\/acs$/, '/complete')}?request=${encodeURIComponent(requestId)}`;
  }

  /**
   * At the completion step: the parked person, once, when this browser holds the login's nonce.
   * @throws SamlLoginRejectedError otherwise (another browser, already used, expired)
   */
  async complete(request: Request, requestId: unknown): Promise<{ user: PortalUser; returnTo: string }> {
    if (typeof requestId !== 'string' || requestId === '' || requestId.length > 200)
      return this.refuse('no login to complete');
    const row = await this.bindings.live(requestId);
    const user = row?.binding.user;
    if (!row || !user) return this.refuse('no verified login to complete (expired or already used)');
    const nonce = this.cookie.read(request);
    if (!nonce || !nonceMatches(nonce, row.binding.binding))
      return this.refuse('login was not started in this browser');
    // Conditional delete: of two racing completions (or replicas), exactly one signs in.
    if (!(await this.bindings.take(requestId, row))) return this.refuse('login already completed');
    return { user, returnTo: row.binding.returnTo };
  }

  /** One warn line with the reason (never the person or the cookie), then the refusal. */
  private refuse(reason: string): never {
    this.logger.warn(`SAML sign-in refused at completion: ${reason}`);
    throw new SamlLoginRejectedError(reason);
  }
}
