import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { CustomerLink, CustomerLinkEvent, CustomerLinkService, LEGACY_ISSUER } from '../../src/index.js';
import { createTestDatabase, describeEachDb } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

// Issue 11, acceptance 6: migration 1765000000000 on a mapping table in use. Every row stays, with its
// id, customer, source and times; its old user id becomes a subject under the legacy issuer.
const MINE = 'PersonKeys1765000000000';
const mineAt = nomosPortalMigrations.findIndex((m) => new m().name === MINE);
const before = nomosPortalMigrations.slice(0, mineAt);

describeEachDb('person-keys migration on existing links', (kind) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;
  const open = async (migrations: DataSource['options']['migrations']) => {
    ds = new DataSource({
      ...db.options,
      entities: [CustomerLink, CustomerLinkEvent],
      migrations,
      migrationsRun: false,
    });
    return ds.initialize();
  };
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  // SQLite binds no Date: there TypeORM writes UTC text, which is what the old rows hold.
  const at = (date: Date) => (kind === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '') : date);
  const created = new Date('2026-10-01T09:30:00.250Z');

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('runs after the table it changes was created', () => {
    expect(mineAt).toBeGreaterThan(0);
    expect(before.map((m) => new m().name)).toContain('CreatePortalTables1764000000000');
  });

  it('keeps every row and moves its key under the legacy issuer', async () => {
    await (await open(before)).runMigrations();
    // Raw SQL of the old columns only: the entity already knows columns this schema lacks.
    const insert = `INSERT INTO "nomos_customer_links" ("user_id", "customer_id", "source", "created_at", "created_by")
      VALUES (${[1, 2, 3, 4, 5].map(p).join(', ')})`;
    await ds!.query(insert, ['alice@corp.example', 'cus_A', 'manual', at(created), 'admin-1']);
    await ds!.query(insert, ['bob@corp.example', 'cus_HOUSE', 'import', at(created), null]);
    await ds!.query(insert, ['bea@corp.example', 'cus_HOUSE', 'email-match', at(created), 'auto-link']);
    await ds!.destroy();

    const applied = await (await open(nomosPortalMigrations)).runMigrations();
    expect(applied.map((m) => m.name)).toEqual(nomosPortalMigrations.slice(mineAt).map((m) => new m().name));
    const rows = await ds!.getRepository(CustomerLink).find({ order: { id: 'ASC' } });
    const moved = { issuer: LEGACY_ISSUER, userName: null, status: 'active', updatedAt: null, suspendedAt: null };
    expect(rows).toMatchObject([
      { ...moved, id: 1, userId: 'alice@corp.example', customerId: 'cus_A', source: 'manual', createdBy: 'admin-1' },
      { ...moved, id: 2, userId: 'bob@corp.example', customerId: 'cus_HOUSE', source: 'import', createdBy: null },
      { ...moved, id: 3, userId: 'bea@corp.example', customerId: 'cus_HOUSE', source: 'email-match' },
    ]);
    expect(rows.map((r) => r.createdAt.toISOString())).toEqual(Array(3).fill(created.toISOString()));
    expect(await ds!.getRepository(CustomerLinkEvent).count()).toBe(0);
  });

  it('leaves no schema difference with the entities, and new links get new ids', async () => {
    const pending = (await ds!.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((sql) => /nomos_customer_link/.test(sql))).toEqual([]);
    const links = new CustomerLinkService(ds!.getRepository(CustomerLink), { issuer: 'https://idp.example' });
    // The same subject under a real issuer is another person than the legacy row.
    const made = await links.link('alice@corp.example', 'cus_NEW');
    expect(made.id).toBe(4);
    expect(await ds!.getRepository(CustomerLink).countBy({ userId: 'alice@corp.example' })).toBe(2);
    await links.unlink('alice@corp.example');
  });

  it('is undone to the user-id key with every row kept, and applied again', async () => {
    while ((await ds!.query('SELECT name FROM migrations')).some((m: { name: string }) => m.name === MINE)) {
      await ds!.undoLastMigration();
    }
    const old = await ds!.query('SELECT "id", "user_id", "customer_id" FROM "nomos_customer_links" ORDER BY "id"');
    expect(old.map((r: { id: number; user_id: string }) => [Number(r.id), r.user_id])).toEqual([
      [1, 'alice@corp.example'],
      [2, 'bob@corp.example'],
      [3, 'bea@corp.example'],
    ]);
    await ds!.runMigrations();
    expect(await ds!.getRepository(CustomerLink).countBy({ issuer: LEGACY_ISSUER })).toBe(3);
    const pending = (await ds!.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((sql) => /nomos_customer_link/.test(sql))).toEqual([]);
  });
});
