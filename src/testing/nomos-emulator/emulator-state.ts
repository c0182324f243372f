import { randomBytes } from 'node:crypto';
import type { EmulatorCustomer, EmulatorLead, EmulatorSubscription, IssuedLink } from './emulator.types.js';

/** Where a magic link lands: the portal sign-in or the plan's checkout. */
export type LinkKind = 'confirm' | 'start';

/** Why the portal refused a link. */
export type LinkRefusal = 'invalid' | 'used' | 'expired';

interface LinkRecord extends IssuedLink {
  kind: LinkKind;
}

/** A fresh OAuth token pair. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Random URL-safe string; `bytes` of entropy. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Everything the emulator remembers: customers, OAuth tokens, minted links and portal sessions.
 * Plain maps in memory; the emulator is single-process by design.
 */
export class EmulatorState {
  /** Customers by id. */
  readonly customers = new Map<string, EmulatorCustomer>();
  /** Subscriptions by id. */
  readonly subscriptions = new Map<string, EmulatorSubscription>();
  /** Leads by id. */
  readonly leads = new Map<string, EmulatorLead>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly links = new Map<string, LinkRecord>();
  private readonly linkOrder: LinkRecord[] = [];
  private readonly sessions = new Map<string, string>();
  // Every token ever issued, kept after revocation so tests can check none was logged.
  private readonly everIssued: string[] = [];

  constructor(customers: readonly EmulatorCustomer[]) {
    for (const customer of customers) this.addCustomer(customer);
  }

  /** Adds a customer; a duplicate id is a test bug, so it throws. */
  addCustomer(customer: EmulatorCustomer): void {
    if (this.customers.has(customer.id)) throw new Error(`Emulator already has customer ${customer.id}`);
    if (customer.type === 'company' && !customer.company_name) {
      throw new Error(`Emulator customer ${customer.id} is a company and needs a company_name`);
    }
    this.customers.set(customer.id, { ...customer });
  }

  /** Issues an access token valid for `lifetimeSec` and a single-use refresh token. */
  issueTokens(lifetimeSec: number): TokenPair {
    const accessToken = randomId(32);
    const refreshToken = randomBytes(32).toString('hex');
    this.accessTokens.set(accessToken, Date.now() + lifetimeSec * 1000);
    this.refreshTokens.add(refreshToken);
    this.everIssued.push(accessToken, refreshToken);
    return { accessToken, refreshToken };
  }

  /** Every access and refresh token issued so far, revoked ones included. Tests only: they are credentials. */
  issuedTokens(): readonly string[] {
    return this.everIssued;
  }

  /** Consumes a refresh token; `false` when unknown, already used or revoked (rotation). */
  consumeRefreshToken(refreshToken: string): boolean {
    return this.refreshTokens.delete(refreshToken);
  }

  /** Checks a bearer token. */
  checkAccessToken(token: string): 'ok' | 'unknown' | 'expired' {
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    if (Date.now() >= expiresAt) {
      this.accessTokens.delete(token);
      return 'expired';
    }
    return 'ok';
  }

  /** Forgets every access and refresh token, as a credential rotation on Nomos' side would. */
  revokeAllTokens(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Remembers a minted link so the portal can accept it once. */
  recordLink(customerId: string, tokenHash: string, link: string, kind: LinkKind): void {
    const record: LinkRecord = { customerId, tokenHash, link, kind, issuedAt: Date.now() };
    this.links.set(tokenHash, record);
    this.linkOrder.push(record);
  }

  /**
   * Accepts a link token at most once, within `lifetimeMs` of minting, and only on the page it was minted
   * for (a checkout token does not open the portal).
   */
  consumeLink(tokenHash: string, kind: LinkKind, lifetimeMs: number): { customerId: string } | LinkRefusal {
    const record = this.links.get(tokenHash);
    if (!record || record.kind !== kind) return 'invalid';
    if (record.usedAt !== undefined) return 'used';
    const now = Date.now();
    if (now - record.issuedAt > lifetimeMs) return 'expired';
    record.usedAt = now;
    return { customerId: record.customerId };
  }

  /** Copies of every minted link, oldest first (without internal fields). */
  issuedLinks(): IssuedLink[] {
    return this.linkOrder.map(({ customerId, tokenHash, link, issuedAt, usedAt }) =>
      usedAt === undefined
        ? { customerId, tokenHash, link, issuedAt }
        : { customerId, tokenHash, link, issuedAt, usedAt },
    );
  }

  /** Opens a portal session for a customer; returns the session id for the cookie. */
  createSession(customerId: string): string {
    const sessionId = randomId(24);
    this.sessions.set(sessionId, customerId);
    return sessionId;
  }

  /** The customer signed in with this session id, if any. */
  sessionCustomer(sessionId: string | undefined): EmulatorCustomer | undefined {
    const customerId = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    return customerId === undefined ? undefined : this.customers.get(customerId);
  }
}
