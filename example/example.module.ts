import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NomosPortalModuleOptions } from '../src/index.js';
import { NomosPortalModule } from '../src/index.js';
import { typeOrmOptions, type ExampleDatabase } from './database-options.js';
import { AssetsController } from './pages/assets.controller.js';
import { AUDIT_PAGE_SIZE, AuditController } from './pages/audit.controller.js';
import { HomeController } from './pages/home.controller.js';
import { ObservabilityController } from './observability/observability.controller.js';

/** What the example's root module is assembled from. */
export interface ExampleModuleParts {
  database: ExampleDatabase;
  portal: NomosPortalModuleOptions;
  /** Rows per audit page. */
  auditPageSize: number;
  /** Extra modules, e.g. the development IdP when it runs. @default [] */
  extraImports?: DynamicModule[];
}

/** Root module of the intranet example (a class per call, so tests can start several apps). */
export function exampleModule(parts: ExampleModuleParts): DynamicModule {
  @Module({})
  class IntranetExampleModule {}
  return {
    module: IntranetExampleModule,
    imports: [
      TypeOrmModule.forRoot(typeOrmOptions(parts.database)),
      NomosPortalModule.forRoot(parts.portal),
      TerminusModule.forRoot({ logger: false }),
      ...(parts.extraImports ?? []),
    ],
    controllers: [HomeController, AuditController, AssetsController, ObservabilityController],
    providers: [{ provide: AUDIT_PAGE_SIZE, useValue: parts.auditPageSize }],
  };
}
