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
      type: 'better-sqlite3',
      database: process.env.DATABASE_PATH ?? 'data/app.sqlite',
      entities: [...nomosPortalEntities],
      migrations: [...nomosPortalMigrations],
      migrationsRun: true,
    }),
    NomosPortalModule.forRoot({ ...nomosPortalOptionsFromEnv(), saml: samlOptionsFromEnv() }),
  ],
})
export class AppModule {}
