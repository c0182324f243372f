import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { DevIdpController } from './dev-idp.controller.js';
import { DevIdp } from './dev-idp.js';

/** Mounts a {@link DevIdp} under `/dev-idp`. Only ever imported when no real IdP is configured. */
@Module({})
export class DevIdpModule {
  /** @param idp the instance whose metadata the SAML part was configured with */
  static register(idp: DevIdp): DynamicModule {
    return { module: DevIdpModule, controllers: [DevIdpController], providers: [{ provide: DevIdp, useValue: idp }] };
  }
}
