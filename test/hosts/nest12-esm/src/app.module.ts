import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  NomosPortalModule,
  nomosPortalEntities,
  nomosPortalOptionsFromEnv,
  samlOptionsFromEnv,
} from 'nestjs-nomos-portal';
import { nomosPortalMigrations } from 'nestjs-nomos-portal/migrations';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [...nomosPortalEntities /*, your entities */],
      migrations: [...nomosPortalMigrations /*, your migrations */],
      migrationsRun: true,
    }),
    // Reads NOMOS_CLIENT_ID, NOMOS_CLIENT_SECRET, SAML_IDP_METADATA_FILE, SAML_SP_ENTITY_ID,
    // SAML_SP_BASE_URL, SAML_SESSION_SECRET and any other NOMOS_* / SAML_* variable that is set.
    NomosPortalModule.forRoot({ ...nomosPortalOptionsFromEnv(), saml: samlOptionsFromEnv() }),
  ],
})
export class AppModule {}
