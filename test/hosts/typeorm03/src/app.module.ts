import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NomosPortalModule, nomosPortalEntities } from 'nestjs-nomos-portal';
import { nomosPortalMigrations } from 'nestjs-nomos-portal/migrations';

// The options written out, as in a host that reads its settings its own way.
@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.DATABASE_PATH ?? 'data/app.sqlite',
      entities: [...nomosPortalEntities],
      migrations: [...nomosPortalMigrations],
      migrationsRun: true,
    }),
    NomosPortalModule.forRoot({
      nomos: {
        baseUrl: process.env.NOMOS_BASE_URL,
        clientId: process.env.NOMOS_CLIENT_ID!,
        clientSecret: process.env.NOMOS_CLIENT_SECRET!,
      },
      portal: { allowedLinkHosts: process.env.NOMOS_PORTAL_HOSTS?.split(',') },
      saml: {
        idp: { metadataFile: process.env.SAML_IDP_METADATA_FILE! },
        sp: { entityId: process.env.SAML_SP_ENTITY_ID!, baseUrl: process.env.SAML_SP_BASE_URL! },
        session: {
          secret: process.env.SAML_SESSION_SECRET!,
          secureCookie: process.env.SAML_SESSION_SECURE_COOKIE !== 'false',
        },
      },
    }),
  ],
})
export class AppModule {}
