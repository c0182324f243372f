import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NomosPortalConfigError, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

// The shared store lives in PostgreSQL only: on SQLite (one host, no fleet) the app refuses to start
// and names the setting, rather than pacing each replica on its own while claiming to share.
describe("nomos.rateLimit.store: 'database' on SQLite", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterAll(() => db.drop());

  it('refuses to start, naming the setting', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...db.options, entities: nomosPortalEntities }),
        NomosPortalModule.forRoot({
          sso: 'none',
          nomos: { clientId: 'c', clientSecret: 's', rateLimit: { store: 'database' } },
          portal: { loginPath: '/login' },
        }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(NomosPortalConfigError);
    await expect(compiling).rejects.toThrow(
      "nomos.rateLimit.store (NOMOS_RATE_LIMIT_STORE) 'database' needs the module's PostgreSQL DataSource",
    );
  });
});
