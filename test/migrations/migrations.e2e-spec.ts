import { SamlRequestEntry } from '../../src/saml/saml-request.entity.js';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { nomosPortalEntities } from '../../src/index.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

const PORTAL_TABLES = ['nomos_customer_links', 'nomos_magic_link_audit', 'nomos_customer_link_events'];
const SAML_TABLES = ['nomos_saml_requests', 'nomos_saml_assertions', 'nomos_sessions'];
const SCIM_TABLES = ['nomos_scim_users'];
const WEBHOOK_TABLES = ['nomos_webhook_events'];
const TABLES = [...PORTAL_TABLES, ...SAML_TABLES, ...SCIM_TABLES, ...WEBHOOK_TABLES];
const MIGRATIONS = [
  'CreatePortalTables1764000000000',
  'CreateSamlTables1764100000000',
  'PersonKeys1765000000000',
  'AuditIdentity1765100000000',
  'Provisioning1765200000000',
  'WebhookEvents1765300000000',
  'UtcInstants1765400000000',
  'AuditChain1765500000000',
];

describeEachDb('portal migrations', (kind) => {
  let t: TestDataSource;

  beforeAll(async () => {
    t = await openTestDataSource(kind, {
      entities: nomosPortalEntities,
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
      // One at a time: a query runner is one connection, and pg deprecates overlapping queries on it.
      const present: string[] = [];
      for (const name of TABLES) if (await runner.hasTable(name)) present.push(name);
      return present;
    } finally {
      await runner.release();
    }
  };

  it('starts from an empty database that the entities would need to change', async () => {
    expect(await existingTables()).toEqual([]);
    expect((await pendingSchemaChanges()).length).toBeGreaterThan(0);
  });

  it('creates every table and leaves no pending schema difference with the entities', async () => {
    const applied = await t.dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS);
    expect(await existingTables()).toEqual(TABLES);
    expect(await pendingSchemaChanges()).toEqual([]);
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  // Read from the catalog, not TypeORM's Table: its PostgreSQL loader does not keep column order,
  // and (outcome, id) is not the same index as (id, outcome).
  const indexDefinitions = async (table: string) => {
    const rows: Array<{ name: string; sql: string }> =
      kind === 'postgres'
        ? await t.dataSource.query('SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = $1', [
            table,
          ])
        : await t.dataSource.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            [table],
          );
    const entries = rows
      .filter((row) => !row.name.startsWith('PK_'))
      .map((row) => {
        const columns = /\(([^()]*)\)\s*$/
          .exec(row.sql)![1]
          .replaceAll('"', '')
          .split(',')
          .map((c) => c.trim());
        return [row.name, { columns, unique: /^CREATE UNIQUE INDEX/i.test(row.sql) }] as const;
      });
    return Object.fromEntries(entries);
  };

  it('creates the indexes the queries rely on, under their fixed names and column order', async () => {
    expect(await indexDefinitions('nomos_customer_links')).toEqual({
      UQ_nomos_customer_links_issuer_user_id: { columns: ['issuer', 'user_id'], unique: true },
      IDX_nomos_customer_links_issuer_user_name: { columns: ['issuer', 'user_name'], unique: false },
      IDX_nomos_customer_links_customer_id: { columns: ['customer_id'], unique: false },
    });
    expect(await indexDefinitions('nomos_customer_link_events')).toEqual({
      IDX_nomos_customer_link_events_person_id: { columns: ['issuer', 'user_id', 'id'], unique: false },
      IDX_nomos_customer_link_events_new_customer_id_id: { columns: ['new_customer_id', 'id'], unique: false },
    });
    expect(await indexDefinitions('nomos_magic_link_audit')).toEqual({
      IDX_nomos_magic_link_audit_user_id_id: { columns: ['user_id', 'id'], unique: false },
      IDX_nomos_magic_link_audit_issuer_user_id_id: { columns: ['issuer', 'user_id', 'id'], unique: false },
      IDX_nomos_magic_link_audit_customer_id_id: { columns: ['customer_id', 'id'], unique: false },
      IDX_nomos_magic_link_audit_outcome_id: { columns: ['outcome', 'id'], unique: false },
      IDX_nomos_magic_link_audit_created_at: { columns: ['created_at'], unique: false },
    });
    for (const table of ['nomos_saml_requests', 'nomos_saml_assertions']) {
      expect(await indexDefinitions(table)).toEqual({
        [`IDX_${table}_expires_at`]: { columns: ['expires_at'], unique: false },
      });
    }
    expect(await indexDefinitions('nomos_sessions')).toEqual({
      IDX_nomos_sessions_expires_at: { columns: ['expires_at'], unique: false },
      IDX_nomos_sessions_person_key: { columns: ['person_key'], unique: false },
    });
    expect(await indexDefinitions('nomos_scim_users')).toEqual({
      UQ_nomos_scim_users_user_name_key: { columns: ['user_name_key'], unique: true },
      IDX_nomos_scim_users_external_id: { columns: ['external_id'], unique: false },
      IDX_nomos_scim_users_person: { columns: ['issuer', 'subject'], unique: false },
    });
    expect(await indexDefinitions('nomos_webhook_events')).toEqual({
      IDX_nomos_webhook_events_status_next_attempt_at: { columns: ['status', 'next_attempt_at'], unique: false },
      IDX_nomos_webhook_events_subscription_id: { columns: ['subscription_id'], unique: false },
    });
  });

  it('stores SAML and session expiry as epoch milliseconds in bigint columns', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      for (const name of SAML_TABLES) {
        const table = await runner.getTable(name);
        expect(table!.findColumnByName('expires_at')).toMatchObject({ type: 'bigint', isNullable: false });
        expect(table!.primaryColumns).toHaveLength(1);
      }
    } finally {
      await runner.release();
    }
    // Beyond 2^31, where a plain integer column on PostgreSQL would overflow.
    const farFuture = Date.UTC(2100, 0, 1);
    await t.dataSource.getRepository(SamlRequestEntry).insert({ key: 'k', value: 'v', expiresAt: farFuture });
    expect(await t.dataSource.getRepository(SamlRequestEntry).findOneByOrFail({ key: 'k' })).toEqual({
      key: 'k',
      value: 'v',
      expiresAt: farFuture,
    });
    await t.dataSource.getRepository(SamlRequestEntry).delete({ key: 'k' });
  });

  it('gives the audit table no column that could hold a link or token', async () => {
    const runner = t.dataSource.createQueryRunner();
    const audit = await runner.getTable('nomos_magic_link_audit');
    await runner.release();
    const columns = audit!.columns.map((c) => c.name);
    expect(columns).toContain('link_fingerprint');
    const suspicious = columns.filter((name) => /link|token|url|secret|hash/i.test(name));
    expect(suspicious.sort()).toEqual(['link_fingerprint', 'link_host']);
    expect(columns).toHaveLength(21);
  });

  it('undoes the migrations one by one, newest first, and can apply them again', async () => {
    const before = ['nomos_customer_links', 'nomos_magic_link_audit'];
    await t.dataSource.undoLastMigration(); // the audit chain's own table
    expect(await t.dataSource.createQueryRunner().hasTable('nomos_audit_chain')).toBe(false);
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual(TABLES);
    expect((await pendingSchemaChanges()).length).toBeGreaterThan(0); // dates are no longer bigint
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual([...PORTAL_TABLES, ...SAML_TABLES, ...SCIM_TABLES]);
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual([...PORTAL_TABLES, ...SAML_TABLES]);
    await t.dataSource.undoLastMigration();
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual([...before, ...SAML_TABLES]);
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual(before);
    await t.dataSource.undoLastMigration();
    expect(await existingTables()).toEqual([]);
    expect(await t.dataSource.showMigrations()).toBe(true);

    expect((await t.dataSource.runMigrations()).map((m) => m.name)).toEqual(MIGRATIONS);
    expect(await existingTables()).toEqual(TABLES);
    expect(await pendingSchemaChanges()).toEqual([]);
  });
});
