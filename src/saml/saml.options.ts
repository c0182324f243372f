import type { SamlIdpPreset } from './idp-presets.js';
import type { ResolvedSamlAttributes } from './saml-attributes.options.js';
import type { SamlAttributeOptions, SamlIdpOptions, SamlSpOptions } from './saml-idp-sp.options.js';
import type {
  ResolvedSamlRateLimitOptions,
  ResolvedSamlSessionOptions,
  SamlRateLimitOptions,
  SamlSessionOptions,
} from './saml-session.options.js';
import type { ResolvedIdpMetadataUrl } from './metadata-url.options.js';

export type { SamlAttributeOptions, SamlIdpOptions, SamlSpOptions } from './saml-idp-sp.options.js';
export type { ResolvedSamlAttributes } from './saml-attributes.options.js';
export type { SamlIdpPreset } from './idp-presets.js';
export type { SamlRateLimitOptions, SamlSessionOptions } from './saml-session.options.js';
export type { SamlIdpMetadataUrlOptions } from './metadata-url.options.js';

/** SAML single sign-on settings. */
export interface SamlOptions {
  idp: SamlIdpOptions;
  sp: SamlSpOptions;
  attributes?: SamlAttributeOptions;
  /**
   * The IdP product, for its attribute names (and NameID format where the preset keys people by a
   * persistent NameID); see `SAML_IDP_PRESETS` for what each expects the IdP admin to configure.
   * Explicit `attributes.*` and `nameIdFormat` win over the preset.
   * @default none (the attribute defaults below)
   */
  idpPreset?: SamlIdpPreset;
  /** Roles (values of the roles attribute) allowed to use the portal; empty means everyone signed in. @default [] */
  portalRoles?: string[];
  /** Roles that make a person an admin (`user.isAdmin`). @default [] */
  adminRoles?: string[];
  /**
   * NameID format the AuthnRequest asks for (NameIDPolicy) and the SP metadata publishes. IdPs differ
   * on `unspecified`: Microsoft Entra ID then sends a pairwise id, not the UPN; ask for
   * `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress` to receive their email there. When the NameID is
   * the subject, ask for `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent`: other formats carry
   * names that can be renamed or recycled (the start-up log warns).
   * @default 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' (or the preset's)
   */
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
  /**
   * Per-IP rate limits on the SAML routes; `false` turns them off (e.g. a gateway limits already).
   * @default { limit: 300, ttlMs: 60000 }
   */
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
  /** The session; `false` when the host runs express-session and passport itself. Required. */
  session: SamlSessionOptions | false;
}

/** SAML settings after defaults and validation: what the SAML part's providers receive. */
export interface ResolvedSamlOptions extends Required<
  Omit<SamlOptions, 'idp' | 'sp' | 'attributes' | 'session' | 'rateLimit' | 'idpPreset'>
> {
  /** The preset the attribute names came from, when one was chosen. */
  idpPreset?: SamlIdpPreset;
  rateLimit: ResolvedSamlRateLimitOptions | false;
  idp: { entityId: string; ssoUrl: string; sloUrl?: string; certs: string[]; logoutIssuers: string[] };
  sp: SamlSpOptions & { acsUrl: string; logoutUrl: string; routePrefix: string };
  attributes: ResolvedSamlAttributes;
  session: ResolvedSamlSessionOptions | false;
}

/** The IdP as the SAML part uses it: from its metadata (XML, file or URL) or explicit values. */
export type ResolvedSamlIdp = ResolvedSamlOptions['idp'];

/**
 * The IdP as configured. With `saml.idp.metadataUrl` the entity id, endpoints and certificates are
 * read from the URL at start (explicit `entityId` / `ssoUrl` / `sloUrl` still win).
 */
export type ResolvedSamlIdpSettings =
  | (ResolvedSamlIdp & { metadataUrl?: undefined })
  | (Omit<ResolvedSamlIdp, 'entityId' | 'ssoUrl' | 'certs'> & {
      entityId?: string;
      ssoUrl?: string;
      certs?: undefined;
      metadataUrl: ResolvedIdpMetadataUrl;
    });

/**
 * SAML settings after defaults and validation, as `resolveNomosPortalOptions` returns them: the
 * same as {@link ResolvedSamlOptions}, except that an IdP with a metadata URL is not read yet.
 */
export interface ResolvedSamlSettings extends Omit<ResolvedSamlOptions, 'idp'> {
  idp: ResolvedSamlIdpSettings;
}

/** Default value of every optional top-level SAML setting (sessions and rate limits: `saml-session.options.ts`). */
export const SAML_DEFAULTS = Object.freeze({
  attributes: Object.freeze({
    subject: 'nameID',
    userName: 'nameID',
    email: 'email',
    displayName: 'displayName',
    roles: 'groups',
    authnMethods: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
  }),
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  signatureAlgorithm: 'sha256',
  acceptedClockSkewMs: 30_000,
  allowIdpInitiated: false,
  wantAuthnResponseSigned: true,
  wantAssertionsSigned: true,
  requestTtlMs: 600_000,
  maxResponseBytes: 102_400,
  maxPendingLogins: 50_000,
  defaultReturnTo: '/',
});

/** Injection token of the {@link ResolvedSamlOptions}: the settings with the IdP's metadata read. */
export const SAML_OPTIONS = Symbol('NOMOS_SAML_OPTIONS');

/** Injection token of the {@link ResolvedSamlSettings}, the root's slice (before any metadata URL is read). */
export const SAML_SETTINGS = Symbol('NOMOS_SAML_SETTINGS');

/** `/<routePrefix>` without stray slashes: where the SAML routes are mounted. */
export function samlRoutePath(routePrefix: string): string {
  return `/${routePrefix.replace(/^\/+|\/+$/g, '')}`;
}

/** The SAML login route under `routePrefix`: where signed-out browsers go by default with `sso: 'saml'`. */
export function samlLoginPath(routePrefix: string): string {
  return `${samlRoutePath(routePrefix)}/login`;
}
