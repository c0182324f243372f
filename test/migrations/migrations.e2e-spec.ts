import { MagicLinkAudit } from '../../src/audit/index.js';
import { CustomerLink } from '../../src/customer-links/index.js';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

const TABLES = ['nomos_customer_links', 'nomos_magic_link_audit'];

describeEachDb('portal migrations', (kind) => {
  let t: TestDataSource;

  beforeAll(async () => {
    t = await openTestDataSource(kind, {
      entities: [CustomerLink, MagicLinkAudit],
      migrations: nomosPortalMigrations,
      runMigrations: false,
    });
  });
  afterAll(() => t?.close());

  const pendingSchemaChanges = async () =>
    (await t.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  const existingTables = async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      const present = await Promise.all(TABLES.map((name) => runner.hasTable(name)));
      return TABLES.filter((_, i) => present[i]);
    } finally {
      await runner.release();
    }
  };

  it('starts from an empty database that the entities would need to change', async () => {
    expect(await existingTables()).toEqual([]);
    expect((await pendingSchemaChanges()).length).toBeGreaterThan(0);
  });

  it('creates both tables and leaves no pending schema difference with the entities', async () => {
    const applied = await t.dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(['CreatePortalTables1764000000000']);
    expect(await existingTables()).toEqual(TABLES);
    expect(await pendingSchemaChanges()).toEqual([]);
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  // Read from the catalog, not TypeORM's Table: its PostgreSQL loader does not keep column order,
  // and (outcome, id) is not the same index as (id, outcome).
  const indexDefinitions = async (table: string) => {
    const rows: Array<{ name: string; sql: string }> =
      kind === 'postgres'
        ? await t.dataSource.query('SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = $1', [table])
        : await t.dataSource.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]);
    const entries = rows
      .filter((row) => !row.name.startsWith('PK_'))
      .map((row) => {
        const columns = /\(([^()]*)\)\s*$/.exec(row.sql)![1].replaceAll('"', '').split(',').map((c) => c.trim());
        return [row.name, { columns, unique: /^CREATE UNIQUE INDEX/i.test(row.sql) }] as const;
      });
    return Object.fromEntries(entries);
  };

  it('creates the indexes the queries rely on, under their fixed names and column order', async () => {
    expect(await indexDefinitions('nomos_customer_links')).toEqual({
      UQ_nomos_customer_links_user_id: { columns: ['user_id'], unique: true },
      IDX_nomos_customer_links_customer_id: { columns: ['customer_id'], unique: false },
    });
    expect(await indexDefinitions('nomos_magic_link_audit')).toEqual({
      IDX_nomos_magic_link_audit_user_id_id: { columns: ['user_id', 'id'], unique: false },
      IDX_nomos_magic_link_audit_customer_id_id: { columns: ['customer_id', 'id'], unique: false },
      IDX_nomos_magic_link_audit_outcome_id: { columns: ['outcome', 'id'], unique: false },
      IDX_nomos_magic_link_audit_created_at: { columns: ['created_at'], unique: false },
    });
  });

  it('gives the audit table no column that could hold a link or token', async () => {
    const runner = t.dataSource.createQueryRunner();
    const audit = await runner.getTable('nomos_magic_link_audit');
    await runner.release();
    const columns = audit!.columns.map((c) => c.name);
    expect(columns).toContain('link_fingerprint');
    const suspicious = columns.filter((name) => /link|token|url|secret|hash/i.test(name));
    expect(suspicious.sort()).toEqual(['link_fingerprint', 'link_host']);
    expect(columns).toHaveLength(16);
  });

  it('undoes the migration completely and can apply it again', async () => {
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual([]);
    expect(await t.dataSource.showMigrations()).toBe(true);

    await t.dataSource.runMigrations();
    expect(await existingTables()).toEqual(TABLES);
    expect(await pendingSchemaChanges()).toEqual([]);
  });
});
