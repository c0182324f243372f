// The README's host test under node:test and node:assert, run by plain `node --test` (no Jest, no
// --experimental-vm-modules) from node-test.e2e-spec.ts: the kit needs no test runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService, CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { DEMO_CUSTOMERS, NomosEmulator, signIn, TestIdp, testPortalOptions } from '../../src/testing/index.js';

await test('sends a signed-in person to their energy portal and audits the link', async () => {
  const nomos = new NomosEmulator();
  await nomos.start();
  const idp = new TestIdp({ sp: { entityId: 'https://intranet.test/saml', acsUrl: 'http://localhost/auth/saml/acs' } });
  const db = { type: 'better-sqlite3', database: ':memory:', entities: nomosPortalEntities } as const;
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ ...db, migrations: nomosPortalMigrations, migrationsRun: true }),
      NomosPortalModule.forRoot(testPortalOptions(nomos, idp)),
    ],
  }).compile();
  const app = await moduleRef.createNestApplication({ logger: false }).init();
  await app.get(CustomerLinkService).link('anna@corp.example', DEMO_CUSTOMERS[0].id);

  const anna = await signIn(app, { idp, nameId: 'anna@corp.example', email: 'anna@corp.example', groups: ['staff'] });
  const res = await anna.get('/portal');

  assert.equal(res.status, 302);
  assert.equal(res.location, nomos.issuedLinks()[0].link);
  const [row] = (await app.get(AuditService).query()).items;
  assert.equal(row.userId, 'anna@corp.example');
  assert.equal(row.outcome, 'issued');
  await app.close();
  await nomos.stop();
});
