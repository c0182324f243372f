import { Inject } from '@nestjs/common';
import type { AuditOptions, ResolvedAuditOptions } from './audit/audit.options.js';
import { resolveAuditOptions } from './audit/audit.options.js';
import { optionError } from './common/option-checks.js';
import type { CustomerLinksOptions, ResolvedCustomerLinksOptions } from './customer-links/customer-links.options.js';
import { resolveCustomerLinksOptions } from './customer-links/customer-links.options.js';
import { NomosPortalConfigError } from './errors/index.js';
import type { IdentityOptions, ResolvedIdentityOptions } from './identity/identity.options.js';
import { resolveIdentityOptions } from './identity/identity.options.js';
import type { MagicLinksOptions, ResolvedMagicLinksOptions } from './magic-links/magic-links.options.js';
import { resolveMagicLinksOptions } from './magic-links/magic-links.options.js';
import type { NomosApiOptions, ResolvedNomosApiOptions } from './nomos-api/nomos-api.options.js';
import { resolveNomosApiOptions } from './nomos-api/nomos-api.options.js';
import type { PortalRouteOptions, ResolvedPortalRouteOptions } from './portal/portal.options.js';
import { resolvePortalRouteOptions } from './portal/portal.options.js';
import { resolveSamlOptions } from './saml/saml-options.resolve.js';
import type { ResolvedScimOptions, ScimOptions } from './provisioning/scim.options.js';
import { resolveScimOptions } from './provisioning/scim.options.js';
import type { ResolvedSamlSettings, SamlOptions } from './saml/saml.options.js';
import { samlLoginPath } from './saml/saml.options.js';
import type { ResolvedWebhookOptions, WebhookOptions } from './webhooks/webhooks.options.js';
import { resolveWebhookOptions } from './webhooks/webhooks.options.js';

/**
 * The `portal` section of the module options. Its settings belong to the parts that use them (the
 * portal routes, minting, the customer mapping, sign-in resolution); hosts set them in one place.
 */
export type PortalOptions = PortalRouteOptions & MagicLinksOptions & CustomerLinksOptions & IdentityOptions;

/** Everything `NomosPortalModule.forRoot()` / `forRootAsync()` accepts, besides the shape extras. */
export interface NomosPortalModuleOptions {
  /** How to reach the Nomos API. `clientId` and `clientSecret` are required. */
  nomos: NomosApiOptions;
  /** Portal routes, link checks, auto-link and sign-in resolution. @default {} */
  portal?: PortalOptions;
  /** SAML single sign-on; required unless the module is declared with `sso: 'none'`. */
  saml?: SamlOptions;
  /** SCIM 2.0 provisioning; required when the module is declared with `provisioning: 'scim'`. */
  scim?: ScimOptions;
  /** The Nomos webhook receiver; required when the module is declared with `webhookReceiver: 'nomos'`. */
  webhooks?: WebhookOptions;
  /** The audit chain's signed checkpoints, retention and reconciliation. @default {} */
  audit?: AuditOptions;
}

/** Shape options: read when the module is declared, so they cannot come from an async factory. */
export interface NomosPortalModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /** Register `PortalController`; false when the host only wants `MagicLinkService`. @default true */
  controllers?: boolean;
  /** Path the portal routes are mounted under. @default 'portal' */
  routePrefix?: string;
  /** `'saml'`: the module signs people in (needs the `saml` options); `'none'`: the host does. @default 'saml' */
  sso?: 'saml' | 'none';
  /** Path the SAML routes are mounted under. @default 'auth/saml' */
  samlRoutePrefix?: string;
  /** Name of the host's TypeORM DataSource holding the package's tables. @default the default DataSource */
  dataSource?: string;
  /**
   * `'scim'`: mount the SCIM 2.0 Users endpoint (needs the `scim` options), through which the IdP tells
   * who joined and who left; `'none'`: no endpoint. @default 'none'
   */
  provisioning?: 'scim' | 'none';
  /** Path the SCIM endpoint is mounted under. @default 'scim/v2' */
  scimRoutePrefix?: string;
  /**
   * `'nomos'`: mount `POST <webhookRoutePrefix>/nomos/webhooks`, where Nomos reports new subscriptions
   * (needs the `webhooks` options, and the app created with `rawBody: true`); `'none'`: no receiver.
   * @default 'none'
   */
  webhookReceiver?: 'nomos' | 'none';
  /**
   * Path the webhook receiver is mounted under. Its own option so that the receiver, which Nomos must
   * reach without a session, can sit outside whatever guards the portal routes (a proxy's SSO, an
   * allow-list), and stays mounted with `controllers: false`.
   * @default the `routePrefix` (so `/portal/nomos/webhooks`)
   */
  webhookRoutePrefix?: string;
}

/** Default of every shape option but `dataSource` and `webhookRoutePrefix` (which follows `routePrefix`). */
export const NOMOS_PORTAL_EXTRAS_DEFAULTS = Object.freeze({
  isGlobal: false,
  controllers: true,
  routePrefix: 'portal',
  sso: 'saml',
  samlRoutePrefix: 'auth/saml',
  provisioning: 'none',
  scimRoutePrefix: 'scim/v2',
  webhookReceiver: 'none',
} satisfies NomosPortalModuleExtras);

/** The options after defaults and validation, each part's slice within its section. */
export interface ResolvedNomosPortalOptions {
  nomos: ResolvedNomosApiOptions;
  portal: ResolvedPortalRouteOptions &
    ResolvedMagicLinksOptions &
    Omit<ResolvedCustomerLinksOptions, 'issuer'> &
    ResolvedIdentityOptions;
  /** Present when the module signs people in with SAML. */
  saml: ResolvedSamlSettings | undefined;
  /** Present when the module is declared with `provisioning: 'scim'`. */
  scim: ResolvedScimOptions | undefined;
  /** Present when the module is declared with `webhookReceiver: 'nomos'`. */
  webhooks: ResolvedWebhookOptions | undefined;
  /** The audit chain's checkpoints, retention and reconciliation. */
  audit: ResolvedAuditOptions;
}

/** Injection token of the {@link ResolvedNomosPortalOptions}; hosts use {@link InjectNomosPortalOptions}. */
export const NOMOS_PORTAL_OPTIONS = Symbol('NOMOS_PORTAL_OPTIONS');

/**
 * Injects the module's {@link ResolvedNomosPortalOptions} (defaults applied, validated).
 * @example constructor(@InjectNomosPortalOptions() private readonly options: ResolvedNomosPortalOptions) {}
 */
export function InjectNomosPortalOptions(): PropertyDecorator & ParameterDecorator {
  return Inject(NOMOS_PORTAL_OPTIONS);
}

/**
 * Applies defaults and validates every setting once, at start-up; the module hands each part its slice.
 * @param shape the sign-in mode and SAML route prefix the module is declared with. Without `sso`, the
 *   `saml` section is validated when it is given (so a host can check its options before starting Nest).
 * @throws NomosPortalConfigError naming the first bad setting (and the variable that sets it) and how to fix it
 */
export function resolveNomosPortalOptions(
  raw: NomosPortalModuleOptions | undefined,
  shape: Pick<NomosPortalModuleExtras, 'sso' | 'samlRoutePrefix' | 'provisioning' | 'webhookReceiver'> = {},
): ResolvedNomosPortalOptions {
  if (!raw || typeof raw !== 'object') {
    throw new NomosPortalConfigError(
      'NomosPortalModule options are required: pass { nomos: { clientId, clientSecret } }',
    );
  }
  const nomos = resolveNomosApiOptions(raw.nomos, 'nomos');
  const portal = raw.portal ?? {};
  if (typeof portal !== 'object') throw optionError('portal', 'must be an object');
  const sso = shape.sso ?? (raw.saml === undefined ? 'none' : 'saml');
  const samlRoutePrefix = shape.samlRoutePrefix ?? NOMOS_PORTAL_EXTRAS_DEFAULTS.samlRoutePrefix;
  return {
    nomos,
    portal: {
      ...resolveMagicLinksOptions(portal),
      // One default, from the sign-in mode: only the SAML part has a login route to send people to.
      ...resolvePortalRouteOptions(portal, sso === 'saml' ? samlLoginPath(samlRoutePrefix) : undefined),
      ...resolveIdentityOptions(portal),
      ...resolveCustomerLinksOptions(portal),
    },
    saml: sso === 'saml' ? resolveSamlOptions(raw.saml, samlRoutePrefix) : undefined,
    scim: shape.provisioning === 'scim' ? resolveScimOptions(raw.scim) : undefined,
    webhooks: shape.webhookReceiver === 'nomos' ? resolveWebhookOptions(raw.webhooks) : undefined,
    audit: resolveAuditOptions(raw.audit, nomos.mintDeadlineMs),
  };
}
