import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService, MagicLinkAudit } from './audit/index.js';
import { CustomerLink, CustomerLinkService } from './customer-links/index.js';
import { MagicLinkService } from './magic-links/magic-link.service.js';
import { NomosApiClient } from './nomos-api/index.js';
import type { NomosPortalModuleOptions, ResolvedNomosPortalOptions } from './nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS, resolveNomosPortalOptions } from './nomos-portal.options.js';
import { PortalExceptionFilter } from './portal/portal-exception.filter.js';
import { portalControllerAt } from './portal/portal.controller.js';
import { PORTAL_USER_RESOLVER, requestUserResolver } from './saml/portal-user.js';
import { SignedInGuard } from './saml/signed-in.guard.js';

/** Shape options: read when the module is declared, so they cannot come from an async factory. */
export interface NomosPortalModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /** Register `PortalController`; false when the host only wants `MagicLinkService`. @default true */
  controllers?: boolean;
  /** Path the portal routes are mounted under. @default 'portal' */
  routePrefix?: string;
  /** Name of the host's TypeORM DataSource holding the package's tables. @default the default DataSource */
  dataSource?: string;
}

export const NOMOS_PORTAL_EXTRAS_DEFAULTS: NomosPortalModuleExtras = {
  isGlobal: false,
  controllers: true,
  routePrefix: 'portal',
};

/** Token of the controllers mounted by this module instance, for the headers middleware. */
export const MOUNTED_CONTROLLERS = Symbol('NOMOS_PORTAL_MOUNTED_CONTROLLERS');
/** Token of the options exactly as passed to `forRoot`/returned by the `forRootAsync` factory. */
export const NOMOS_PORTAL_MODULE_OPTIONS = Symbol('NOMOS_PORTAL_MODULE_OPTIONS');

/** The package's TypeORM entities, for hosts that list entities instead of `autoLoadEntities`. */
export const nomosPortalEntities = [CustomerLink, MagicLinkAudit];

const providers: Provider[] = [
  {
    provide: NOMOS_PORTAL_OPTIONS,
    inject: [NOMOS_PORTAL_MODULE_OPTIONS],
    useFactory: (raw: NomosPortalModuleOptions) => resolveNomosPortalOptions(raw),
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
  AuditService,
  MagicLinkService,
  SignedInGuard,
  PortalExceptionFilter,
];

const exported = [
  NOMOS_PORTAL_OPTIONS,
  NomosApiClient,
  PORTAL_USER_RESOLVER,
  CustomerLinkService,
  AuditService,
  MagicLinkService,
  SignedInGuard,
];

/** Adds what depends on the shape extras: the entities' DataSource and the mounted controller. */
export function shapeNomosPortalModule(definition: DynamicModule, extras: NomosPortalModuleExtras): DynamicModule {
  const settings = { ...NOMOS_PORTAL_EXTRAS_DEFAULTS, ...extras } as Required<Omit<NomosPortalModuleExtras, 'dataSource'>> & NomosPortalModuleExtras;
  const controllers: Type[] = settings.controllers ? [portalControllerAt(settings.routePrefix)] : [];
  return {
    ...definition,
    global: settings.isGlobal,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature(nomosPortalEntities, settings.dataSource)],
    controllers,
    providers: [...(definition.providers ?? []), ...providers, { provide: MOUNTED_CONTROLLERS, useValue: controllers }],
    exports: [...(definition.exports ?? []), ...exported],
  };
}

