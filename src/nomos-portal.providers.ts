import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { Controller } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken, getRepositoryToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AdminController } from './admin/admin.controller.js';
import { ADMIN_OPTIONS } from './admin/admin.options.js';
import { adminProviders } from './admin/admin.providers.js';
import { AuditService, MagicLinkAudit } from './audit/index.js';
import { AuditChainEntry, AuditChainService } from './audit/index.js';
import { AuditChainScheduler } from './audit/audit-chain.scheduler.js';
import { AuditChainWriter } from './audit/audit-chain.writer.js';
import { AUDIT_OPTIONS } from './audit/audit.options.js';
import { sqliteBusyTimeoutProvider } from './common/sqlite-busy.js';
import type { ResolvedCustomerLinksOptions } from './customer-links/customer-links.options.js';
import { CUSTOMER_LINKS_OPTIONS } from './customer-links/customer-links.options.js';
import { CustomerLink, CustomerLinkEvent, CustomerLinkService, EmailAutoLinkService } from './customer-links/index.js';
import type { NomosErrorOptions } from './errors/index.js';
import { healthProviders } from './nomos-portal.health.js';
import { NomosPortalHealthIndicator } from './telemetry/index.js';
import { NOMOS_ERROR_OPTIONS, PortalExceptionFilter } from './errors/index.js';
import { APP_ISSUER } from './identity/identity.options.js';
import { noSessionRevoker, PORTAL_SESSION_REVOKER } from './identity/index.js';
import {
  SCIM_GATE_MIDDLEWARE,
  SCIM_OPTIONS,
  ScimController,
  ScimUserEntry,
  scimProviders,
} from './provisioning/index.js';
import { PORTAL_USER_RESOLVER, SignedInExceptionFilter, SignedInGuard } from './identity/index.js';
import type { ResolvedMagicLinksOptions } from './magic-links/magic-links.options.js';
import { MAGIC_LINKS_OPTIONS } from './magic-links/magic-links.options.js';
import { MagicLinkService } from './magic-links/magic-link.service.js';
import { NomosApiClient, type NomosApiClientDeps } from './nomos-api/index.js';
import { personLimitStorageProvider } from './magic-links/person-limit.js';
import type { ResolvedNomosApiOptions } from './nomos-api/nomos-api.options.js';
import { NOMOS_API_OPTIONS } from './nomos-api/nomos-api.options.js';
import type {
  NomosPortalModuleExtras,
  NomosPortalModuleOptions,
  ResolvedNomosPortalOptions,
} from './nomos-portal.options.js';
import {
  NOMOS_PORTAL_EXTRAS_DEFAULTS,
  NOMOS_PORTAL_OPTIONS,
  resolveNomosPortalOptions,
} from './nomos-portal.options.js';
import { DeliberateRequestGuard } from './portal/deliberate-request.guard.js';
import type { ResolvedPortalRouteOptions } from './portal/portal.options.js';
import { PORTAL_ROUTE_OPTIONS, signInUrlAt, stepUpUrlAt } from './portal/portal.options.js';
import { PortalController } from './portal/portal.controller.js';
import { SamlAssertionEntry } from './saml/saml-assertion.entity.js';
import { SamlController } from './saml/saml.controller.js';
import { SamlCertificatesService } from './saml/saml-certificates.service.js';
import type { ResolvedSamlOptions } from './saml/saml.options.js';
import { SAML_OPTIONS, SAML_SETTINGS } from './saml/saml.options.js';
import { SAML_SESSION_MIDDLEWARE, samlProviders } from './saml/saml.providers.js';
import { SamlRequestEntry } from './saml/saml-request.entity.js';
import type { SamlStepUpOptions } from './saml/saml-step-up.options.js';
import { SAML_STEP_UP_OPTIONS } from './saml/saml-step-up.options.js';
import { StoredSession } from './saml/session.entity.js';
import {
  NomosWebhookController,
  NomosWebhookEvent,
  WEBHOOK_OPTIONS,
  WebhookEventProcessor,
  webhookProviders,
} from './webhooks/index.js';

/** Token of the portal controllers mounted by this module instance, for the headers middleware. */
export const MOUNTED_CONTROLLERS = Symbol('NOMOS_PORTAL_MOUNTED_CONTROLLERS');
/** Token of the SCIM controller mounted by this module instance (none without `provisioning: 'scim'`), for its gate. */
export const MOUNTED_SCIM_CONTROLLERS = Symbol('NOMOS_PORTAL_MOUNTED_SCIM_CONTROLLERS');
/** Token of the options exactly as passed to `forRoot`/returned by the `forRootAsync` factory. */
export const NOMOS_PORTAL_MODULE_OPTIONS = Symbol('NOMOS_PORTAL_MODULE_OPTIONS');

/** The package's TypeORM entities, for hosts that list entities instead of `autoLoadEntities`. */
export const nomosPortalEntities = [
  CustomerLink,
  CustomerLinkEvent,
  MagicLinkAudit,
  AuditChainEntry,
  ScimUserEntry,
  SamlRequestEntry,
  SamlAssertionEntry,
  StoredSession,
  NomosWebhookEvent,
];

/** `base` mounted at `prefix`; a subclass, so that two prefixes never share route metadata. */
function mountAt<T>(base: Type<T>, prefix: string): Type<T> {
  const mounted = class extends (base as Type<object>) {} as Type<T>;
  Controller(prefix)(mounted);
  return mounted;
}

/** A part's options: its slice of the options resolved once, under the part's own token. */
function slice<T>(provide: symbol, pick: (options: ResolvedNomosPortalOptions) => T): Provider {
  return { provide, inject: [NOMOS_PORTAL_OPTIONS], useFactory: pick };
}

/**
 * The one provider that applies defaults and validates (so a bad setting fails once, with one
 * message), and one slice per part, so that no part reads another part's settings.
 */
function optionProviders(
  shape: Pick<NomosPortalModuleExtras, 'sso' | 'samlRoutePrefix' | 'provisioning' | 'webhookReceiver' | 'adminApi'>,
): Provider[] {
  return [
    {
      provide: NOMOS_PORTAL_OPTIONS,
      inject: [NOMOS_PORTAL_MODULE_OPTIONS],
      useFactory: (raw: NomosPortalModuleOptions) => resolveNomosPortalOptions(raw, shape),
    },
    slice(NOMOS_API_OPTIONS, ({ nomos }): ResolvedNomosApiOptions => nomos),
    slice(AUDIT_OPTIONS, ({ audit }) => audit),
    slice(MAGIC_LINKS_OPTIONS, ({ portal }): ResolvedMagicLinksOptions => ({
      allowedLinkHosts: portal.allowedLinkHosts,
      requireAuthnContext: portal.requireAuthnContext,
      maxAuthAgeMs: portal.maxAuthAgeMs,
      personRateLimit: portal.personRateLimit,
      deepLinkPaths: portal.deepLinkPaths,
      ...(portal.signup ? { signup: portal.signup } : {}),
    })),
    {
      provide: CUSTOMER_LINKS_OPTIONS,
      // With SAML, a bare subject is one at the IdP, whose entity id may only be known once its
      // metadata has been read.
      inject: [NOMOS_PORTAL_OPTIONS, ...(shape.sso === 'saml' ? [SAML_OPTIONS] : [])],
      useFactory: (
        { portal }: ResolvedNomosPortalOptions,
        saml?: ResolvedSamlOptions,
      ): ResolvedCustomerLinksOptions => ({
        autoLinkByEmail: portal.autoLinkByEmail,
        issuer: portal.issuer ?? saml?.idp.entityId ?? APP_ISSUER,
      }),
    },
    slice(
      PORTAL_ROUTE_OPTIONS,
      ({ portal: { loginPath, renderErrorPage, allowedOrigins } }): ResolvedPortalRouteOptions => ({
        loginPath,
        renderErrorPage,
        allowedOrigins,
      }),
    ),
    slice(NOMOS_ERROR_OPTIONS, ({ portal }): NomosErrorOptions => ({
      renderErrorPage: portal.renderErrorPage,
      signInUrl: signInUrlAt(portal.loginPath),
      stepUpUrl: stepUpUrlAt(portal.loginPath),
    })),
    slice(PORTAL_USER_RESOLVER, ({ portal }) => portal.resolveUser),
    ...(shape.sso === 'saml'
      ? [
          slice(SAML_SETTINGS, ({ saml }) => saml),
          slice(SAML_STEP_UP_OPTIONS, ({ portal }): SamlStepUpOptions => ({
            authnContext: portal.requireAuthnContext,
          })),
        ]
      : []),
    ...(shape.provisioning === 'scim' ? [slice(SCIM_OPTIONS, ({ scim }) => scim)] : []),
    ...(shape.webhookReceiver === 'nomos' ? [slice(WEBHOOK_OPTIONS, ({ webhooks }) => webhooks)] : []),
    ...(shape.adminApi === true ? [slice(ADMIN_OPTIONS, ({ admin }) => admin)] : []),
  ];
}

// nomos-api knows no database: a PostgreSQL DataSource reaches its rate-limit store as one query function.
function pacingDeps(dataSource: DataSource): NomosApiClientDeps {
  const postgres = ['postgres', 'aurora-postgres'].includes(dataSource.options.type);
  return postgres ? { query: (sql, params) => dataSource.query(sql, params) } : {};
}

/**
 * With a named DataSource, `TypeOrmModule.forFeature` registers the package's repositories under
 * that name only, while the parts inject them with `@InjectRepository(Entity)` (the default name):
 * inside this module the default tokens point at the named repositories.
 */
function repositoryAliases(dataSource: NomosPortalModuleExtras['dataSource']): Provider[] {
  if (
    dataSource === undefined ||
    getRepositoryToken(nomosPortalEntities[0], dataSource) === getRepositoryToken(nomosPortalEntities[0])
  ) {
    return [];
  }
  return nomosPortalEntities.map((entity) => ({
    provide: getRepositoryToken(entity),
    useExisting: getRepositoryToken(entity, dataSource),
  }));
}

function coreProviders(dataSource: NomosPortalModuleExtras['dataSource']): Provider[] {
  return [
    {
      provide: NomosApiClient,
      inject: [NOMOS_API_OPTIONS, getDataSourceToken(dataSource)],
      useFactory: (nomos: ResolvedNomosApiOptions, db: DataSource) =>
        new NomosApiClient(nomos, undefined, pacingDeps(db)),
    },
    CustomerLinkService,
    EmailAutoLinkService,
    AuditService,
    AuditChainWriter,
    AuditChainService,
    AuditChainScheduler,
    MagicLinkService,
    SignedInGuard,
    DeliberateRequestGuard,
    PortalExceptionFilter,
    // SignedInGuard's refusals answered on the host's routes too (a route's own filters go first).
    { provide: APP_FILTER, useClass: SignedInExceptionFilter },
  ];
}

// The options tokens too: hosts may use the exported guards and filters on their own routes.
const exported = [
  NOMOS_PORTAL_OPTIONS,
  PORTAL_ROUTE_OPTIONS,
  NOMOS_ERROR_OPTIONS,
  NomosApiClient,
  PORTAL_USER_RESOLVER,
  CustomerLinkService,
  EmailAutoLinkService,
  AuditService,
  AuditChainService,
  MagicLinkService,
  SignedInGuard,
];

/** Adds what depends on the shape extras: the DataSource, the SAML part and the mounted controllers. */
export function shapeNomosPortalModule(definition: DynamicModule, extras: NomosPortalModuleExtras): DynamicModule {
  const settings = { ...NOMOS_PORTAL_EXTRAS_DEFAULTS, ...extras };
  const saml = settings.sso === 'saml';
  const samlPrefix = settings.samlRoutePrefix.replace(/^\/+|\/+$/g, '');
  const portalControllers = settings.controllers ? [mountAt(PortalController, settings.routePrefix)] : [];
  const scim = settings.provisioning === 'scim';
  const scimControllers = scim ? [mountAt(ScimController, settings.scimRoutePrefix.replace(/^\/+|\/+$/g, ''))] : [];
  const webhooks = settings.webhookReceiver === 'nomos';
  const webhookPrefix = (settings.webhookRoutePrefix ?? settings.routePrefix).replace(/^\/+|\/+$/g, '');
  const webhookControllers = webhooks ? [mountAt(NomosWebhookController, webhookPrefix)] : [];
  const admin = settings.adminApi === true;
  const adminControllers = admin ? [mountAt(AdminController, settings.adminRoutePrefix.replace(/^\/+|\/+$/g, ''))] : [];
  return {
    ...definition,
    global: settings.isGlobal,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature(nomosPortalEntities, settings.dataSource)],
    controllers: [
      ...portalControllers,
      ...(saml ? [mountAt(SamlController, samlPrefix)] : []),
      ...scimControllers,
      ...webhookControllers,
      ...adminControllers,
    ],
    providers: [
      ...(definition.providers ?? []),
      ...optionProviders({
        sso: settings.sso,
        samlRoutePrefix: samlPrefix,
        provisioning: settings.provisioning,
        webhookReceiver: settings.webhookReceiver,
        adminApi: admin,
      }),
      ...repositoryAliases(settings.dataSource),
      ...coreProviders(settings.dataSource),
      sqliteBusyTimeoutProvider(settings.dataSource),
      ...healthProviders(settings.dataSource, saml),
      personLimitStorageProvider(settings.dataSource),
      ...(saml
        ? samlProviders(settings.dataSource)
        : [
            { provide: SAML_SESSION_MIDDLEWARE, useValue: [] },
            { provide: PORTAL_SESSION_REVOKER, useValue: noSessionRevoker },
          ]),
      ...(scim ? scimProviders() : [{ provide: SCIM_GATE_MIDDLEWARE, useValue: [] }]),
      ...(webhooks ? webhookProviders() : []),
      ...(admin ? adminProviders(settings.dataSource) : []),
      { provide: MOUNTED_CONTROLLERS, useValue: portalControllers },
      { provide: MOUNTED_SCIM_CONTROLLERS, useValue: scimControllers },
    ],
    exports: [
      ...(definition.exports ?? []),
      ...exported,
      NomosPortalHealthIndicator,
      ...(saml ? [SamlCertificatesService] : []),
      ...(webhooks ? [WebhookEventProcessor] : []),
    ],
  };
}
