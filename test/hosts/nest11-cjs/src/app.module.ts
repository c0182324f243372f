import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  NomosPortalModule,
  nomosPortalEntities,
  nomosPortalOptionsFromEnv,
  samlOptionsFromEnv,
} from 'nestjs-nomos-portal';
import { nomosPortalMigrations } from 'nestjs-nomos-portal/migrations';

// The options are read when Nest builds the module (forRootAsync), not when this file is imported.
@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.DATABASE_PATH ?? 'data/app.sqlite',
      entities: [...nomosPortalEntities],
      migrations: [...nomosPortalMigrations],
      migrationsRun: true,
    }),
    NomosPortalModule.forRootAsync({
      useFactory: () => ({ ...nomosPortalOptionsFromEnv(), saml: samlOptionsFromEnv() }),
    }),
  ],
})
export class AppModule {}
