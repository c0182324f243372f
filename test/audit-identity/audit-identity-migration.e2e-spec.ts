import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { MagicLinkAudit } from '../../src/audit/index.js';
import { createTestDatabase, describeEachDb } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

// Migration 1765100000000 on a database already in use: rows written by the earlier schema stay as
// they were, with NULL in the new columns, and the result is the schema the entity describes.
const MINE = 'AuditIdentity1765100000000';
const NEW_COLUMNS = ['issuer', 'user_name', 'session_index', 'authn_instant', 'authn_context'];
const mineAt = nomosPortalMigrations.findIndex((m) => new m().name === MINE);
const before = nomosPortalMigrations.slice(0, mineAt);

describeEachDb('audit identity migration on existing rows', (kind) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;
  const open = async (migrations: DataSource['options']['migrations']) => {
    ds = new DataSource({ ...db.options, entities: [MagicLinkAudit], migrations, migrationsRun: false });
    return ds.initialize();
  };
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  const auditColumns = async () => {
    const runner = ds!.createQueryRunner();
    try {
      return (await runner.getTable('nomos_magic_link_audit'))!.columns.map((c) => c.name);
    } finally {
      await runner.release();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('is registered after the migrations that created the table', () => {
    expect(mineAt).toBeGreaterThan(0);
    expect(before.map((m) => new m().name)).toContain('CreatePortalTables1764000000000');
  });

  it('keeps the rows the earlier schema holds, with the new columns null', async () => {
    await (await open(before)).runMigrations();
    expect((await auditColumns()).filter((c) => NEW_COLUMNS.includes(c))).toEqual([]);
    // Raw SQL of the old columns only: the entity already knows columns this schema lacks.
    const insert = `INSERT INTO "nomos_magic_link_audit" ("created_at", "completed_at", "user_id", "customer_id",
      "outcome", "error_code", "channel", "mint_attempts", "duration_ms")
      VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`;
    const created = new Date('2026-11-30T08:00:00.000Z');
    const completed = new Date('2026-11-30T08:00:00.120Z');
    // SQLite binds no Date: there TypeORM writes UTC text, which is what the old rows hold.
    const at = (date: Date) => (kind === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '') : date);
    await ds!.query(insert, [at(created), at(completed), 'alice', 'cus_A', 'issued', null, 'redirect', 1, 120]);
    await ds!.query(insert, [at(created), null, 'bob', null, 'pending', null, 'json', 0, null]);
    await ds!.destroy();

    const applied = await (await open(nomosPortalMigrations)).runMigrations();
    expect(applied.map((m) => m.name)).toEqual(nomosPortalMigrations.slice(mineAt).map((m) => new m().name));
    expect(await auditColumns()).toEqual(expect.arrayContaining(NEW_COLUMNS));
    const rows = await ds!.getRepository(MagicLinkAudit).find({ order: { id: 'ASC' } });
    const nulls = { issuer: null, userName: null, sessionIndex: null, authnInstant: null, authnContext: null };
    expect(rows).toMatchObject([
      { ...nulls, userId: 'alice', customerId: 'cus_A', outcome: 'issued', mintAttempts: 1, durationMs: 120 },
      { ...nulls, userId: 'bob', customerId: null, outcome: 'pending', completedAt: null, channel: 'json' },
    ]);
    expect(rows.map((r) => r.createdAt.toISOString())).toEqual([created.toISOString(), created.toISOString()]);
    expect(rows[0].completedAt!.toISOString()).toBe(completed.toISOString());
  });

  it('leaves no schema difference with the entity', async () => {
    const pending = (await ds!.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((sql) => sql.includes('nomos_magic_link_audit'))).toEqual([]);
  });

  it('creates the (issuer, user_id, id) index for one person’s rows', async () => {
    const runner = ds!.createQueryRunner();
    try {
      const index = (await runner.getTable('nomos_magic_link_audit'))!.indices.find(
        (i) => i.name === 'IDX_nomos_magic_link_audit_issuer_user_id_id',
      );
      expect(index).toMatchObject({ isUnique: false });
      expect([...index!.columnNames].sort()).toEqual(['id', 'issuer', 'user_id']);
    } finally {
      await runner.release();
    }
  });

  it('is undone without losing the older rows, and can be applied again', async () => {
    while ((await ds!.query('SELECT name FROM migrations')).some((m: { name: string }) => m.name === MINE)) {
      await ds!.undoLastMigration();
    }
    expect((await auditColumns()).filter((c) => NEW_COLUMNS.includes(c))).toEqual([]);
    const users = await ds!.query('SELECT "user_id" FROM "nomos_magic_link_audit" ORDER BY "id"');
    expect(users.map((r: { user_id: string }) => r.user_id)).toEqual(['alice', 'bob']);
    await ds!.runMigrations();
    expect(await auditColumns()).toEqual(expect.arrayContaining(NEW_COLUMNS));
    const pending = (await ds!.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((sql) => sql.includes('nomos_magic_link_audit'))).toEqual([]);
  });
});
