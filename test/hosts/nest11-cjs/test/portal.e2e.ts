import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const dir = mkdtempSync(join(tmpdir(), 'nomos-host-'));
let app: INestApplication | undefined;

before(() => {
  Object.assign(process.env, {
    DATABASE_PATH: join(dir, 'app.sqlite'),
    NOMOS_CLIENT_ID: 'host-test',
    NOMOS_CLIENT_SECRET: 'host-test-secret',
    SAML_IDP_ENTITY_ID: 'https://idp.localhost/saml',
    SAML_IDP_SSO_URL: 'https://idp.localhost/saml/sso',
    SAML_IDP_CERT_FILES: process.env.NOMOS_HOSTS_IDP_CERT_FILE,
    SAML_SP_ENTITY_ID: 'https://intranet.localhost/saml',
    SAML_SP_BASE_URL: 'http://127.0.0.1',
    SAML_SESSION_SECRET: 'a host test session secret of some length',
    SAML_SESSION_SECURE_COOKIE: 'false',
  });
});

after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('boot', async () => {
  const { AppModule } = await import('../src/app.module.js');
  app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const metadata = await fetch(`${await app.getUrl()}/auth/saml/metadata`);
  assert.equal(metadata.status, 200);
});
