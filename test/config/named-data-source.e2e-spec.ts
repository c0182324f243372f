import { Test } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { CustomerLinkService, MagicLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { NomosEmulator, testClientSecret } from '../../src/testing/index.js';
import { CUSTOMERS } from '../support/portal-app.js';

// `dataSource: 'portal'` (documented in the options table): a host whose package tables live in a
// DataSource other than the default one. Every part must use that DataSource's repositories.
describe("NomosPortalModule with dataSource: 'portal'", () => {
  const clientSecret = testClientSecret();
  const emulator = new NomosEmulator({ clientId: 'named-ds', clientSecret, customers: CUSTOMERS });
  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());

  it('links, mints and audits through the named DataSource, and leaves no table in the default one', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        // The host's own default DataSource, without the package's entities.
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:' }),
        TypeOrmModule.forRoot({
          name: 'portal',
          type: 'better-sqlite3',
          database: ':memory:',
          entities: nomosPortalEntities,
          migrations: nomosPortalMigrations,
          migrationsRun: true,
        }),
        NomosPortalModule.forRoot({
          sso: 'none',
          dataSource: 'portal',
          nomos: { baseUrl: emulator.apiUrl, clientId: 'named-ds', clientSecret, rateLimit: false },
          portal: { allowedLinkHosts: ['*.customerportal.localhost'], loginPath: '/login' },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      await app.get(CustomerLinkService).link('alice', CUSTOMERS[0].id, { source: 'manual', createdBy: 'test' });
      const minted = await app.get(MagicLinkService).mintForUser('alice');
      expect(new URL(minted.link).hostname).toMatch(/\.customerportal\.localhost$/);
      const portal = app.get<DataSource>(getDataSourceToken('portal'));
      const rows = await portal.query<Array<{ outcome: string }>>('SELECT outcome FROM nomos_magic_link_audit');
      expect(rows.map((row) => row.outcome)).toEqual(['issued']);
      const mappings = await portal.query<unknown[]>('SELECT customer_id FROM nomos_customer_links');
      expect(mappings).toHaveLength(1);
      const host = app.get<DataSource>(getDataSourceToken());
      const hostTables = await host.query<unknown[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
      expect(hostTables).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
