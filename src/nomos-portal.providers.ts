import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { Controller } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService, MagicLinkAudit } from './audit/index.js';
import { CustomerLink, CustomerLinkService, EmailAutoLinkService } from './customer-links/index.js';
import { sqliteBusyTimeoutProvider } from './common/sqlite-busy.js';
import { MagicLinkService } from './magic-links/magic-link.service.js';
import { NomosApiClient } from './nomos-api/index.js';
import type { NomosPortalModuleOptions, ResolvedNomosPortalOptions } from './nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS, resolveNomosPortalOptions } from './nomos-portal.options.js';
import { DeliberateRequestGuard } from './portal/deliberate-request.guard.js';
import type { NomosErrorOptions } from './errors/index.js';
import { NOMOS_ERROR_OPTIONS, PortalExceptionFilter } from './errors/index.js';
import { PortalController } from './portal/portal.controller.js';
import { isSafeReturnTo, PORTAL_USER_RESOLVER, requestUserResolver, SignedInGuard } from './identity/index.js';
import { SamlAssertionEntry } from './saml/saml-assertion.entity.js';
import { SamlController } from './saml/saml.controller.js';
import { SAML_SESSION_MIDDLEWARE, samlProviders } from './saml/saml.providers.js';
import { SamlRequestEntry } from './saml/saml-request.entity.js';
import { StoredSession } from './saml/session.entity.js';

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
}

export const NOMOS_PORTAL_EXTRAS_DEFAULTS: NomosPortalModuleExtras = {
  isGlobal: false,
  controllers: true,
  routePrefix: 'portal',
  sso: 'saml',
  samlRoutePrefix: 'auth/saml',
};

/** Token of the portal controllers mounted by this module instance, for the headers middleware. */
export const MOUNTED_CONTROLLERS = Symbol('NOMOS_PORTAL_MOUNTED_CONTROLLERS');
/** Token of the options exactly as passed to `forRoot`/returned by the `forRootAsync` factory. */
export const NOMOS_PORTAL_MODULE_OPTIONS = Symbol('NOMOS_PORTAL_MODULE_OPTIONS');

/** The package's TypeORM entities, for hosts that list entities instead of `autoLoadEntities`. */
export const nomosPortalEntities = [CustomerLink, MagicLinkAudit, SamlRequestEntry, SamlAssertionEntry, StoredSession];

/** `base` mounted at `prefix`; a subclass, so that two prefixes never share route metadata. */
function mountAt<T>(base: Type<T>, prefix: string): Type<T> {
  const mounted = class extends (base as Type<object>) {} as Type<T>;
  Controller(prefix)(mounted);
  return mounted;
}

function coreProviders(loginPath: string): Provider[] {
  return [
    {
      provide: NOMOS_PORTAL_OPTIONS,
      inject: [NOMOS_PORTAL_MODULE_OPTIONS],
      useFactory: (raw: NomosPortalModuleOptions) =>
        resolveNomosPortalOptions(raw && { ...raw, portal: { loginPath, ...raw.portal } }),
    },
    {
      provide: NomosApiClient,
      inject: [NOMOS_PORTAL_OPTIONS],
      useFactory: (options: ResolvedNomosPortalOptions) => new NomosApiClient(options.nomos),
    },
    {
      provide: PORTAL_USER_RESOLVER,
      inject: [NOMOS_PORTAL_OPTIONS],
      useFactory: (options: ResolvedNomosPortalOptions) => options.portal.resolveUser ?? requestUserResolver,
    },
    CustomerLinkService,
    EmailAutoLinkService,
    AuditService,
    MagicLinkService,
    SignedInGuard,
    DeliberateRequestGuard,
    PortalExceptionFilter,
    {
      provide: NOMOS_ERROR_OPTIONS,
      inject: [NOMOS_PORTAL_OPTIONS],
      useFactory: ({ portal }: ResolvedNomosPortalOptions): NomosErrorOptions => ({
        renderErrorPage: portal.renderErrorPage,
        signInUrl: (request) =>
          `${portal.loginPath}?returnTo=${encodeURIComponent(isSafeReturnTo(request.originalUrl) ? request.originalUrl : '/')}`,
      }),
    },
  ];
}

const exported = [NOMOS_PORTAL_OPTIONS, NOMOS_ERROR_OPTIONS, NomosApiClient, PORTAL_USER_RESOLVER, CustomerLinkService, EmailAutoLinkService, AuditService, MagicLinkService, SignedInGuard];

/** Adds what depends on the shape extras: the DataSource, the SAML part and the mounted controllers. */
export function shapeNomosPortalModule(definition: DynamicModule, extras: NomosPortalModuleExtras): DynamicModule {
  const settings = { ...NOMOS_PORTAL_EXTRAS_DEFAULTS, ...extras } as Required<Omit<NomosPortalModuleExtras, 'dataSource'>> & NomosPortalModuleExtras;
  const saml = settings.sso === 'saml';
  const samlPrefix = settings.samlRoutePrefix.replace(/^\/+|\/+$/g, '');
  const portalControllers = settings.controllers ? [mountAt(PortalController, settings.routePrefix)] : [];
  return {
    ...definition,
    global: settings.isGlobal,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature(nomosPortalEntities, settings.dataSource)],
    controllers: [...portalControllers, ...(saml ? [mountAt(SamlController, samlPrefix)] : [])],
    providers: [
      ...(definition.providers ?? []),
      ...coreProviders(`/${samlPrefix}/login`),
      sqliteBusyTimeoutProvider(settings.dataSource),
      ...(saml ? samlProviders(NOMOS_PORTAL_MODULE_OPTIONS, samlPrefix, settings.dataSource) : [{ provide: SAML_SESSION_MIDDLEWARE, useValue: [] }]),
      { provide: MOUNTED_CONTROLLERS, useValue: portalControllers },
    ],
    exports: [...(definition.exports ?? []), ...exported],
  };
}
