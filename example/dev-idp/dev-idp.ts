import { randomUUID } from 'node:crypto';
import { decodeRedirect, TestIdp, type ParsedAuthnRequest } from '../../src/testing/index.js';
import type { DemoPerson } from '../demo-people.js';

/** Where the development IdP and the SP it serves live. */
export interface DevIdpOptions {
  /** Public origin of the app, e.g. `http://localhost:3000`; the IdP lives under `<baseUrl>/dev-idp`. */
  baseUrl: string;
  /** The SP's entity id (the audience). */
  spEntityId: string;
  /** The SP's ACS URL; responses are posted there and nowhere else. */
  acsUrl: string;
  /** The SP's single logout URL; logout responses are redirected there. */
  spLogoutUrl: string;
  /** Who can sign in. */
  people: readonly DemoPerson[];
  /** Roles the admin person gets on top of their groups (the SP's admin roles). */
  adminRoles: string[];
}

/** A login request or response the development IdP refuses; shown as a 400 page. */
export class DevIdpRequestError extends Error {}

/** A signed login response, ready for the auto-posting form. */
export interface DevIdpAnswer {
  acsUrl: string;
  samlResponse: string;
  relayState?: string;
}

// Logins take seconds; an unanswered request is dropped after this long, and the table is bounded.
const PENDING_TTL_MS = 10 * 60 * 1000;
const MAX_PENDING = 1000;

/**
 * The development IdP: a real SAML 2.0 IdP (samlify signs with the committed test key) that signs
 * in whichever demo person is chosen. Remembers each AuthnRequest server-side under a random handle
 * so that the answer carries its InResponseTo and RelayState, whatever the browser posts back.
 */
export class DevIdp {
  readonly prefix = '/dev-idp';
  private readonly idp: TestIdp;
  private readonly pending = new Map<string, { request: ParsedAuthnRequest; expiresAt: number }>();

  /** @throws Error in a process running with `NODE_ENV=production`, whatever the caller decided. */
  constructor(private readonly options: DevIdpOptions) {
    if (process.env.NODE_ENV === 'production')
      throw new Error('The development IdP never runs with NODE_ENV=production');
    const base = `${options.baseUrl}${this.prefix}`;
    this.idp = new TestIdp({
      entityId: `${base}/metadata`,
      ssoUrl: `${base}/sso`,
      sloUrl: `${base}/slo`,
      sp: { entityId: options.spEntityId, acsUrl: options.acsUrl, sloUrl: options.spLogoutUrl },
    });
  }

  /** The people on the login page. */
  get people(): readonly DemoPerson[] {
    return this.options.people;
  }

  /** IdP metadata (entity id, SSO and SLO endpoints, signing certificate) for the SP's configuration. */
  metadataXml(): string {
    return this.idp.metadataXml();
  }

  /**
   * Reads an AuthnRequest (HTTP-Redirect, `pathAndQuery` as received) and returns its handle.
   * @throws DevIdpRequestError when it is malformed or from another SP
   */
  receiveLogin(pathAndQuery: string): string {
    let request: ParsedAuthnRequest;
    try {
      request = this.idp.parseAuthnRequest(`${this.options.baseUrl}${pathAndQuery}`);
    } catch {
      throw new DevIdpRequestError('This is not a SAML login request.');
    }
    if (request.issuer !== this.options.spEntityId || (request.acsUrl && request.acsUrl !== this.options.acsUrl)) {
      throw new DevIdpRequestError('This login request comes from an application this IdP does not serve.');
    }
    this.sweep();
    const handle = randomUUID();
    this.pending.set(handle, { request, expiresAt: Date.now() + PENDING_TTL_MS });
    return handle;
  }

  /**
   * Signs `personKey` in, answering the request behind `handle` (once).
   * @throws DevIdpRequestError for an unknown or expired handle or person
   */
  async answerLogin(handle: unknown, personKey: unknown): Promise<DevIdpAnswer> {
    const entry = typeof handle === 'string' ? this.pending.get(handle) : undefined;
    const person = this.options.people.find((p) => p.key === personKey);
    if (!entry || entry.expiresAt < Date.now())
      throw new DevIdpRequestError('This sign-in has expired. Go back to the app and sign in again.');
    if (!person) throw new DevIdpRequestError('Choose one of the people listed.');
    this.pending.delete(handle as string);
    const groups = person.admin ? [...new Set([...person.groups, ...this.options.adminRoles])] : person.groups;
    const { samlResponse, relayState } = await this.idp.loginResponse({
      user: { nameId: person.nameId, email: person.email, displayName: person.displayName, groups },
      inResponseTo: entry.request.id,
      relayState: entry.request.relayState,
    });
    return { acsUrl: this.options.acsUrl, samlResponse, relayState };
  }

  /**
   * Answers the SP's LogoutRequest (HTTP-Redirect) with a signed LogoutResponse redirect URL.
   * @throws DevIdpRequestError when it is not a LogoutRequest
   */
  answerLogout(pathAndQuery: string): string {
    const url = `${this.options.baseUrl}${pathAndQuery}`;
    try {
      const request = this.idp.parseLogoutRequest(url);
      const { relayState } = decodeRedirect(url);
      return this.idp.logoutResponse({ inResponseTo: request.id, destination: this.options.spLogoutUrl, relayState })
        .redirectUrl;
    } catch {
      throw new DevIdpRequestError('This is not a SAML logout request.');
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [handle, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(handle);
    // Oldest first (insertion order): a flood of requests cannot grow memory without bound.
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
  }
}
