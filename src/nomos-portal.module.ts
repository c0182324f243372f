import type { MiddlewareConsumer, NestModule, OnModuleDestroy, Type } from '@nestjs/common';
import { Inject, Module, RequestMethod } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { NomosApiClient } from './nomos-api/index.js';
import { NomosPortalConfigurableModule } from './nomos-portal.module-definition.js';
import { MOUNTED_CONTROLLERS, MOUNTED_SCIM_CONTROLLERS } from './nomos-portal.providers.js';
import { SCIM_GATE_MIDDLEWARE } from './provisioning/index.js';
import { portalResponseHeaders } from './portal/portal-request.js';
import { SAML_SESSION_MIDDLEWARE } from './saml/saml.providers.js';

/**
 * Everything a host needs to send its signed-in people to their Nomos portal: `MagicLinkService`,
 * the customer mapping, the audit trail and the guarded portal routes.
 * @example NomosPortalModule.forRoot({ nomos: { clientId, clientSecret } })
 */
@Module({})
export class NomosPortalModule extends NomosPortalConfigurableModule implements NestModule, OnModuleDestroy {
  constructor(
    @Inject(MOUNTED_CONTROLLERS) private readonly controllers: Type[],
    @Inject(SAML_SESSION_MIDDLEWARE) private readonly sessionChain: RequestHandler[],
    @Inject(MOUNTED_SCIM_CONTROLLERS) private readonly scimControllers: Type[],
    @Inject(SCIM_GATE_MIDDLEWARE) private readonly scimGate: RequestHandler[],
    private readonly nomos: NomosApiClient,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    // Sessions first and everywhere: host pages read the signed-in person too.
    if (this.sessionChain.length > 0)
      consumer.apply(...this.sessionChain).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
    if (this.controllers.length > 0) consumer.apply(portalResponseHeaders).forRoutes(...this.controllers);
    // The bearer token is checked before any SCIM body is read.
    if (this.scimControllers.length > 0) consumer.apply(...this.scimGate).forRoutes(...this.scimControllers);
  }

  async onModuleDestroy(): Promise<void> {
    await this.nomos.close();
  }
}
