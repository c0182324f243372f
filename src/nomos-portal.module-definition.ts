import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { NomosPortalModuleOptions } from './nomos-portal.options.js';
import type { NomosPortalModuleExtras } from './nomos-portal.providers.js';
import {
  NOMOS_PORTAL_EXTRAS_DEFAULTS,
  NOMOS_PORTAL_MODULE_OPTIONS,
  shapeNomosPortalModule,
} from './nomos-portal.providers.js';

export const {
  ConfigurableModuleClass: NomosPortalConfigurableModule,
  OPTIONS_TYPE: NOMOS_PORTAL_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: NOMOS_PORTAL_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<NomosPortalModuleOptions>({
  moduleName: 'NomosPortal',
  optionsInjectionToken: NOMOS_PORTAL_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<NomosPortalModuleExtras>(NOMOS_PORTAL_EXTRAS_DEFAULTS, shapeNomosPortalModule)
  .build();
