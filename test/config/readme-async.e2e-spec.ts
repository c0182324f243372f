import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { nomosPortalEntities, resolveNomosPortalOptions } from '../../src/index.js';
import { testIdp } from '../support/saml-app.js';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { nomosPortalFromClass, nomosPortalFromFactory, nomosPortalOptions } from './readme-async-example.js';

// The README's "Async configuration" example (readme-async-example.ts, which README.md must show
// as it is: readme-async-text.e2e-spec.ts) booted with the values a deployment's environment holds.
const dir = mkdtempSync(join(tmpdir(), 'nomos-readme-async-'));
const env: Record<string, string> = {
  NOMOS_CLIENT_ID: 'readme-example',
  NOMOS_CLIENT_SECRET: 'readme-example-secret-not-used',
  NOMOS_TIMEOUT_MS: '5000',
  SAML_IDP_METADATA_FILE: join(dir, 'idp-metadata.xml'),
  SAML_SP_ENTITY_ID: 'https://intranet.corp.example/saml',
  SAML_SP_BASE_URL: 'http://localhost:4400',
  SAML_ALLOW_IDP_INITIATED: 'false',
  SAML_SESSION_SECRET: 'readme-example-session-secret-of-32+chars',
};

async function boot(portal: DynamicModule): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ ignoreEnvFile: true }),
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: ':memory:',
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      portal,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('the README’s async configuration example', () => {
  beforeAll(() => {
    writeFileSync(env.SAML_IDP_METADATA_FILE, testIdp().metadataXml());
    Object.assign(process.env, env);
  });
  afterAll(() => {
    for (const name of Object.keys(env)) delete process.env[name];
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the string values as numbers and flags', () => {
    const resolved = resolveNomosPortalOptions(nomosPortalOptions(new ConfigService()));
    expect(resolved.nomos.timeoutMs).toBe(5000);
    expect(resolved.saml?.allowIdpInitiated).toBe(false);
  });

  it.each([
    ['useFactory', nomosPortalFromFactory, '/energy'],
    ['useClass', nomosPortalFromClass, '/portal'],
  ])('boots with %s and guards the portal route', async (_name, portal, path) => {
    const app = await boot(portal);
    try {
      const res = await request(app.getHttpServer()).get(path).set('accept', 'text/html').expect(302);
      expect(res.headers.location).toBe(`/auth/saml/login?returnTo=${encodeURIComponent(path)}`);
    } finally {
      await app.close();
    }
  });
});
