import { Injectable } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NomosPortalModule, type NomosPortalModuleOptions } from '../../src/index.js';

// ConfigService hands over strings: '5000' is read as the number 5000, 'false' as the flag false.
export function nomosPortalOptions(config: ConfigService): NomosPortalModuleOptions {
  return {
    nomos: {
      clientId: config.getOrThrow('NOMOS_CLIENT_ID'),
      clientSecret: config.getOrThrow('NOMOS_CLIENT_SECRET'),
      timeoutMs: config.get('NOMOS_TIMEOUT_MS'),
    },
    saml: {
      idp: { metadataFile: config.getOrThrow('SAML_IDP_METADATA_FILE') },
      sp: { entityId: config.getOrThrow('SAML_SP_ENTITY_ID'), baseUrl: config.getOrThrow('SAML_SP_BASE_URL') },
      allowIdpInitiated: config.get('SAML_ALLOW_IDP_INITIATED'),
      session: { secret: config.getOrThrow('SAML_SESSION_SECRET') },
    },
  };
}

// With a factory; shape options (routePrefix, sso, …) sit beside it, not inside it.
export const nomosPortalFromFactory = NomosPortalModule.forRootAsync({
  imports: [ConfigModule],
  inject: [ConfigService],
  useFactory: nomosPortalOptions,
  routePrefix: 'energy',
});

// With a class: a provider whose create() returns the options.
@Injectable()
export class NomosPortalConfig {
  constructor(private readonly config: ConfigService) {}

  create(): NomosPortalModuleOptions {
    return nomosPortalOptions(this.config);
  }
}

export const nomosPortalFromClass = NomosPortalModule.forRootAsync({
  imports: [ConfigModule],
  useClass: NomosPortalConfig,
});
