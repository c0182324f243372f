// The host's own e2e test, written only against the package and its testing kit: the host boots
// on SQLite, a person signs in with SAML and GET /portal sends them to the link the Nomos emulator
// minted, with an `issued` audit row.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditService, CustomerLinkService } from 'nestjs-nomos-portal';
import { DEMO_CUSTOMERS, EMULATOR_PORTAL_DOMAIN, NomosEmulator, signIn, TestIdp } from 'nestjs-nomos-portal/testing';

const intranet = 'http://localhost:3000';
const dir = mkdtempSync(join(tmpdir(), 'nomos-host-'));
const nomos = new NomosEmulator();
const idp = new TestIdp({ sp: { entityId: `${intranet}/saml`, acsUrl: `${intranet}/auth/saml/acs` } });
const anna = DEMO_CUSTOMERS[0];
let app: INestApplication | undefined;

before(async () => {
  await nomos.start();
  writeFileSync(join(dir, 'idp-metadata.xml'), idp.metadataXml());
  Object.assign(process.env, {
    DATABASE_PATH: join(dir, 'app.sqlite'),
    NOMOS_BASE_URL: nomos.apiUrl,
    NOMOS_CLIENT_ID: 'test-client',
    NOMOS_CLIENT_SECRET: 'test-secret',
    NOMOS_PORTAL_HOSTS: `*.${EMULATOR_PORTAL_DOMAIN}`,
    SAML_IDP_METADATA_FILE: join(dir, 'idp-metadata.xml'),
    SAML_SP_ENTITY_ID: `${intranet}/saml`,
    SAML_SP_BASE_URL: intranet,
    SAML_SESSION_SECRET: randomBytes(24).toString('hex'),
    SAML_SESSION_SECURE_COOKIE: 'false',
  });
});

after(async () => {
  await app?.close();
  await nomos.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('boot', async () => {
  // Imported now: the module reads its options from the environment set above.
  const { AppModule } = await import('../src/app.module.js');
  app = await NestFactory.create(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  await app.listen(0, '127.0.0.1');
});

test('flow', async () => {
  assert.ok(app, 'the app booted');
  await app.get(CustomerLinkService).link(anna.email, anna.id, { source: 'manual' });
  const browser = await signIn(app, { idp, nameId: anna.email, email: anna.email, groups: ['staff'] });
  const portal = await browser.get('/portal', { accept: 'text/html' });
  assert.equal(portal.status, 302);
  assert.equal(portal.location, nomos.issuedLinks()[0]?.link);
  const audit = await app.get(AuditService).query({ userId: anna.email });
  assert.deepEqual(
    audit.items.map((row) => [row.outcome, row.customerId]),
    [['issued', anna.id]],
  );
});
