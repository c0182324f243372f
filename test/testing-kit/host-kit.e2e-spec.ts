// The README's "Testing your app" test, as a host writes it: only the package's public entry points
// (here by path; a host imports nestjs-nomos-portal, /migrations and /testing). Keep the two in step.
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService, CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { DEMO_CUSTOMERS, NomosEmulator, signIn, TestIdp, testPortalOptions } from '../../src/testing/index.js';

it('sends a signed-in person to their energy portal and audits the link', async () => {
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
  const app = await moduleRef.createNestApplication().init();
  await app.get(CustomerLinkService).link('anna@corp.example', DEMO_CUSTOMERS[0].id);

  const anna = await signIn(app, { idp, nameId: 'anna@corp.example', email: 'anna@corp.example', groups: ['staff'] });
  const res = await anna.get('/portal');

  expect(res.status).toBe(302);
  expect(res.location).toBe(nomos.issuedLinks()[0].link);
  const [row] = (await app.get(AuditService).query()).items;
  expect(row).toMatchObject({ userId: 'anna@corp.example', customerId: DEMO_CUSTOMERS[0].id, outcome: 'issued' });
  await app.close();
  await nomos.stop();
});
