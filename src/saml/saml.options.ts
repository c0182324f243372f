import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Store } from 'express-session';

/** The identity provider, from its metadata XML or from explicit values (explicit values win). */
export interface SamlIdpOptions {
  /** The IdP's SAML metadata XML (entity id, SSO/SLO endpoints, every signing certificate). */
  metadataXml?: string;
  /** Path of a file holding that metadata XML. */
  metadataFile?: string;
  /** IdP entity id; responses must be issued by it. */
  entityId?: string;
  /** SSO endpoint (HTTP-Redirect binding) that receives AuthnRequests. */
  ssoUrl?: string;
  /** Single logout endpoint (HTTP-Redirect binding); without it, logout is local only. */
  sloUrl?: string;
  /** IdP signing certificates (PEM or bare base64). More than one during a rotation. */
  certs?: string[];
}

/** This app as a SAML service provider. */
export interface SamlSpOptions {
  /** SP entity id (the audience the IdP must address). @example 'https://intranet.corp.example/saml' */
  entityId: string;
  /** Public origin of the app, used for the ACS and logout URLs. @example 'https://intranet.corp.example' */
  baseUrl: string;
  /** PEM private key; when set, AuthnRequests and logout messages are signed (RSA-SHA256 by default). */
  signingKey?: string;
  /** PEM certificate of `signingKey`, published in the SP metadata. */
  signingCert?: string;
  /** PEM private key that decrypts encrypted assertions. */
  decryptionKey?: string;
  /** PEM certificate of `decryptionKey`, published in the SP metadata for the IdP to encrypt to. */
  decryptionCert?: string;
}

/** Which assertion attributes fill the signed-in person. */
export interface SamlAttributeOptions {
  /** `'nameID'` or an attribute name. @default 'nameID' */
  userId?: string;
  /** @default 'email' */
  email?: string;
  /** @default 'displayName' */
  displayName?: string;
  /** Multi-valued groups/roles attribute. @default 'groups' */
  roles?: string;
}

/** Session cookie and store settings (express-session). */
export interface SamlSessionOptions {
  /** Secret(s) signing the session cookie; the first signs, all verify (rotation). Required, ≥ 32 characters. */
  secret: string | string[];
  /** Session store. @default a store in the app's database (table `nomos_sessions`) */
  store?: Store;
  /** @default 'nomos.sid' */
  cookieName?: string;
  /** Send the cookie over https only. Turn off only for local http development. @default true */
  secureCookie?: boolean;
  /** Sign the person out after this long without a request. @default 1800000 (30 minutes) */
  idleTimeoutMs?: number;
  /** Sign the person out this long after sign-in, however active. @default 28800000 (8 hours) */
  absoluteTimeoutMs?: number;
  /**
   * Least time between two writes of an active session's new expiry to the module's store (the
   * cookie still rolls on every response). Fewer writes, so a busy or locked database holds up
   * fewer requests; the price is that a session may end up to this long before `idleTimeoutMs`
   * after the person's last request. Must be shorter than `idleTimeoutMs`; 0 writes on every
   * request. A store passed in `store` decides for itself.
   * @default 60000, or a tenth of `idleTimeoutMs` when that is shorter
   */
  touchIntervalMs?: number;
}

/**
 * Per-client-IP limits on the unauthenticated SAML routes (login, ACS, completion, logout,
 * metadata), each route counted on its own. The client IP is Express's `req.ip`: behind a reverse
 * proxy set `app.set('trust proxy', …)`, or every person shares the proxy's address.
 */
export interface SamlRateLimitOptions {
  /**
   * Requests one IP may make to one route per `ttlMs`. Generous on purpose: a whole office behind
   * one NAT address signs in through the same IP.
   * @default 300
   */
  limit?: number;
  /** The window, in milliseconds. @default 60000 */
  ttlMs?: number;
  /** Where hits are counted; give a shared store (e.g. Redis) so replicas count together. @default in process memory */
  storage?: ThrottlerStorage;
}

/** SAML single sign-on settings. */
export interface SamlOptions {
  idp: SamlIdpOptions;
  sp: SamlSpOptions;
  attributes?: SamlAttributeOptions;
  /** Roles (values of the roles attribute) allowed to use the portal; empty means everyone signed in. @default [] */
  portalRoles?: string[];
  /** Roles that make a person an admin (`user.isAdmin`). @default [] */
  adminRoles?: string[];
  /** NameID format requested and published. @default 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' */
  nameIdFormat?: string;
  /** @default 'sha256' */
  signatureAlgorithm?: 'sha256' | 'sha512';
  /** Clock difference tolerated on NotBefore/NotOnOrAfter. @default 30000 */
  acceptedClockSkewMs?: number;
  /** Accept unsolicited (IdP-initiated) responses. @default false */
  allowIdpInitiated?: boolean;
  /** Require the whole Response signed. @default true */
  wantAuthnResponseSigned?: boolean;
  /** Require the Assertion signed. @default true */
  wantAssertionsSigned?: boolean;
  /** How long a login may take between AuthnRequest and response. @default 600000 (10 minutes) */
  requestTtlMs?: number;
  /**
   * Largest accepted POST to the ACS, in bytes; larger answers 413. Nest's own body parser stops at
   * 100 kB before this check runs: raise both to accept larger responses (e.g. many groups).
   * @default 102400
   */
  maxResponseBytes?: number;
  /** Per-IP rate limits on the SAML routes; `false` turns them off (e.g. a gateway limits already). @default { limit: 300, ttlMs: 60000 } */
  rateLimit?: SamlRateLimitOptions | false;
  /**
   * Most logins that may be outstanding (started at the login route, not yet finished) across all
   * replicas; beyond it the login route answers 503 with Retry-After, so anonymous requests cannot
   * fill the `nomos_saml_requests` table. Each outstanding login holds two small rows for up to
   * `requestTtlMs`.
   * @default 50000
   */
  maxPendingLogins?: number;
  /** Where people land after sign-in without a (safe) returnTo, and after logout. @default '/' */
  defaultReturnTo?: string;
  /** The session; `false` when the host runs express-session and passport itself. */
  session: SamlSessionOptions | false;
}
