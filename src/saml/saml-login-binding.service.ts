import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Repository } from 'typeorm';
import { NomosPortalError } from '../errors/index.js';
import { PendingLoginGate } from './pending-login-gate.js';
import type { PortalUser } from '../identity/index.js';
import { SamlCacheService } from './saml-cache.service.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SamlRequestEntry } from './saml-request.entity.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { SAML_OPTIONS } from './saml.options.js';

/**
 * The login route refused: `saml.maxPendingLogins` logins are outstanding. `code` is
 * `SAML_LOGIN_BUSY`, answered 503 with `Retry-After: retryAfterSeconds`.
 */
export class SamlLoginBusyError extends NomosPortalError {
  readonly code = 'SAML_LOGIN_BUSY';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many logins are outstanding; try again later');
  }
}

/** What a binding row holds; `user` once the ACS has verified the IdP's response. */
interface Binding {
  binding: string;
  returnTo: string;
  user?: PortalUser;
}

/** Marks binding rows in `nomos_saml_requests`; `#` starts no XML ID, so no request id collides. */
export const BINDING_KEY_PREFIX = '#login:';
// A verified sign-in waits this long at most for the browser to reach the completion step.
const HANDOFF_TTL_MS = 120_000;
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Binds each SP-initiated login to the browser that started it (login CSRF). The login route
 * gives the browser a random nonce cookie and stores its hash with the AuthnRequest id; the ACS,
 * a cross-site POST that carries no Lax cookie, only parks the verified person on that row; the
 * completion step, a same-site top-level GET that does carry the cookie, signs in only when the
 * cookie's hash matches the row of the response's `InResponseTo`. Rows live in the shared request
 * table, so any replica can finish a login any other began.
 */
@Injectable()
export class SamlLoginBindingService {
  private readonly logger = new Logger('NomosSaml');
  private readonly cookieName: string;
  private readonly secure: boolean;
  private readonly gate: PendingLoginGate;

  constructor(
    @Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions,
    @InjectRepository(SamlRequestEntry) private readonly rows: Repository<SamlRequestEntry>,
    private readonly cache: SamlCacheService,
  ) {
    this.secure = saml.sp.baseUrl.startsWith('https:');
    this.gate = new PendingLoginGate(() => this.cache.pendingLogins(), saml.maxPendingLogins);
    // __Host-: the browser refuses the cookie from a sibling subdomain (no cookie tossing). Needs https.
    this.cookieName = this.secure ? '__Host-nomos-saml-login' : 'nomos-saml-login';
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
    const held = this.nonceOf(request);
    // One nonce per browser, reused: logins started in two tabs both finish.
    const nonce = held ?? randomBytes(32).toString('base64url');
    const value: Binding = { binding: sha256(nonce), returnTo };
    await this.rows.insert({ key: BINDING_KEY_PREFIX + requestId, value: JSON.stringify(value), expiresAt: Date.now() + this.saml.requestTtlMs });
    response.cookie(this.cookieName, nonce, {
      httpOnly: true,
      secure: this.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: this.saml.requestTtlMs,
    });
  }

  /**
   * At the ACS, after the response was verified: parks `user` on the login's row.
   * @returns the completion path the browser is sent to
   * @throws SamlLoginRejectedError when the login was not started here or has expired
   */
  async hold(requestId: string, user: PortalUser): Promise<string> {
    const key = BINDING_KEY_PREFIX + requestId;
    const row = await this.rows.findOneBy({ key });
    const binding = row && row.expiresAt > Date.now() ? parse(row.value) : undefined;
    if (!binding || binding.user) throw new SamlLoginRejectedError('no login in progress for InResponseTo');
    const value = JSON.stringify({ ...binding, user });
    const { affected } = await this.rows.update({ key, value: row!.value }, { value, expiresAt: Math.min(row!.expiresAt, Date.now() + HANDOFF_TTL_MS) });
    if (!affected) throw new SamlLoginRejectedError('no login in progress for InResponseTo');
    const acsPath = new URL(this.saml.sp.acsUrl).pathname;
    return `${acsPath.replace(/\/acs$/, '/complete')}?request=${encodeURIComponent(requestId)}`;
  }

  /**
   * At the completion step: the parked person, once, when this browser holds the login's nonce.
   * @throws SamlLoginRejectedError otherwise (another browser, already used, expired)
   */
  async complete(request: Request, requestId: unknown): Promise<{ user: PortalUser; returnTo: string }> {
    if (typeof requestId !== 'string' || requestId === '' || requestId.length > 200) return this.refuse('no login to complete');
    const key = BINDING_KEY_PREFIX + requestId;
    const row = await this.rows.findOneBy({ key });
    const binding = row && row.expiresAt > Date.now() ? parse(row.value) : undefined;
    if (!binding?.user) return this.refuse('no verified login to complete (expired or already used)');
    const nonce = this.nonceOf(request);
    if (!nonce || !sameHash(sha256(nonce), binding.binding)) return this.refuse('login was not started in this browser');
    // Conditional delete: of two racing completions (or replicas), exactly one signs in.
    if (!(await this.rows.delete({ key, value: row!.value })).affected) return this.refuse('login already completed');
    return { user: binding.user, returnTo: binding.returnTo };
  }

  /** One warn line with the reason (never the person or the cookie), then the refusal. */
  private refuse(reason: string): never {
    this.logger.warn(`SAML sign-in refused at completion: ${reason}`);
    throw new SamlLoginRejectedError(reason);
  }

  private nonceOf(request: Request): string | undefined {
    const header = request.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === this.cookieName && NONCE.test(rest.join('='))) return rest.join('=');
    }
    return undefined;
  }
}

function parse(value: string): Binding | undefined {
  try {
    const parsed = JSON.parse(value) as Binding;
    return typeof parsed?.binding === 'string' && typeof parsed.returnTo === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
