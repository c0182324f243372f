import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { NomosPortalModuleExtras, NomosPortalModuleOptions } from './nomos-portal.options.js';
import { NOMOS_PORTAL_EXTRAS_DEFAULTS } from './nomos-portal.options.js';
import { NOMOS_PORTAL_MODULE_OPTIONS, shapeNomosPortalModule } from './nomos-portal.providers.js';

/** `forRoot`/`forRootAsync`, built by Nest's `ConfigurableModuleBuilder`. */
export const { ConfigurableModuleClass: NomosPortalConfigurableModule } =
  new ConfigurableModuleBuilder<NomosPortalModuleOptions>({
    moduleName: 'NomosPortal',
    optionsInjectionToken: NOMOS_PORTAL_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setExtras<NomosPortalModuleExtras>(NOMOS_PORTAL_EXTRAS_DEFAULTS, shapeNomosPortalModule)
    .build();

/**
 * What `NomosPortalModule.forRootAsync()` accepts: `useFactory` (+ `inject`, `imports`), `useClass` or
 * `useExisting` producing the {@link NomosPortalModuleOptions}, beside the shape options (the builder's
 * `ASYNC_OPTIONS_TYPE`, spelt out).
 */
export type NomosPortalModuleAsyncOptions = ConfigurableModuleAsyncOptions<NomosPortalModuleOptions, 'create'> &
  Partial<NomosPortalModuleExtras>;
