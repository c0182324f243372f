// Target (c) of `npm run bench`: the package's own GET /portal in a small Nest host, with real SAML
// sign-in against the bench's test IdP, the default session store and the package's migrations, on
// SQLite (WAL) or PostgreSQL. Pacing and the per-person limit are off: the double has no rate limit
// and one person clicks thousands of times; both are measured elsewhere (test/pacing, test/person-limit).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { childSide } from './child.js';

export interface PackageTargetConfig {
  nomosUrl: string;
  clientId: string;
  clientSecret: string;
  /** `sqlite:<file>` or a `postgres://` URL. */
  database: string;
  port: number;
  idpMetadataXml: string;
  spEntityId: string;
  spBaseUrl: string;
  sessionSecret: string;
  /** `[person, customerId]` mappings written before reporting ready. */
  seed: Array<[string, string]>;
}

// Filled once the app is up; the parent asks only after it reported ready.
const running: { dataSource?: DataSource } = {};
const side = childSide<PackageTargetConfig>({
  // The JS heap beside the parent's /proc reading: tells V8's share of RSS from native memory.
  memory: async () => process.memoryUsage(),
  issued: async () => {
    const rows = (await running.dataSource?.query(
      "SELECT count(*) AS n FROM nomos_magic_link_audit WHERE outcome = 'issued'",
    )) as Array<{ n: string | number }>;
    return Number(rows[0].n);
  },
});
const { config } = side;
const database = config.database.startsWith('sqlite:')
  ? ({ type: 'better-sqlite3', database: config.database.slice('sqlite:'.length), enableWAL: true } as const)
  : ({ type: 'postgres', url: config.database } as const);

@Module({
  imports: [
    TypeOrmModule.forRoot({
      ...database,
      entities: nomosPortalEntities,
      migrations: nomosPortalMigrations,
      migrationsRun: true,
      logging: false,
    }),
    NomosPortalModule.forRoot({
      nomos: {
        baseUrl: config.nomosUrl,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        rateLimit: false,
      },
      portal: { allowedLinkHosts: ['*.customerportal.localhost'], personRateLimit: false },
      saml: {
        idp: { metadataXml: config.idpMetadataXml },
        sp: { entityId: config.spEntityId, baseUrl: config.spBaseUrl },
        session: { secret: config.sessionSecret, secureCookie: false },
        // All load comes from one loopback address.
        rateLimit: { limit: 1_000_000, ttlMs: 60_000 },
      },
    }),
  ],
})
class PackageHostModule {}

const app = await NestFactory.create(PackageHostModule, { logger: ['error', 'warn'] });
await app.listen(config.port, '127.0.0.1');
running.dataSource = app.get(DataSource);
const links = app.get(CustomerLinkService);
for (const [person, customerId] of config.seed) {
  await links.link(person, customerId, { source: 'manual', createdBy: 'bench' });
}
// A profile (--cpu-prof) is written on a normal exit only.
process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
side.ready({ url: await app.getUrl() });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
