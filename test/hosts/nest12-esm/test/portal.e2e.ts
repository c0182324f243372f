import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

const adminUrl = process.env.NOMOS_HOSTS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `nomos_host_${process.pid}_${Date.now()}`;
let app: INestApplication | undefined;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

before(async () => {
  await admin(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  Object.assign(process.env, {
    DATABASE_URL: url.href,
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
  await admin(`drop database if exists ${database}`);
});

test('boot', async () => {
  const { AppModule } = await import('../src/app.module.js');
  app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const metadata = await fetch(`${await app.getUrl()}/auth/saml/metadata`);
  assert.equal(metadata.status, 200);
});
