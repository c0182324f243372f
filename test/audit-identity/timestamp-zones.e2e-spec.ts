import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DataSource, EntitySchema, getMetadataArgsStorage } from 'typeorm';
import { utcInstantTransformer } from '../../src/common/utc-instant.js';
import { nomosPortalEntities } from '../../src/index.js';
import { createTestDatabase, describeEachDb } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

// Issue 11's "timestamps are UTC instants on every database": how date columns fare when the
// processes sharing a database run with different TZ. Each writer and reader is its own Node
// process (zone-probe.mjs), since a process reads TZ once. TypeORM's portable `Date` disagrees on
// PostgreSQL and `timestamptz` cannot be named for both engines, so the package stores epoch
// milliseconds (UTC_INSTANT, migration 1765400000000): the last cases show that agrees everywhere.
const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('./zone-probe.mjs', import.meta.url));
const INSTANT = '2026-12-02T09:15:30.250Z';

describeEachDb('audit timestamps between processes in different time zones', (kind) => {
  let db: TestDatabase;
  const probe = async (tz: string, args: Record<string, unknown>) => {
    const { stdout } = await run(process.execPath, [PROBE, JSON.stringify({ options: db.options, ...args })], {
      env: { ...process.env, TZ: tz },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as { id: number; at: string };
  };
  /** What readers in each zone see of the instant a writer in New York (UTC−5 in December) wrote. */
  const seenAcrossZones = async (table: string, type: string) => {
    const { id } = await probe('America/New_York', { table, type, write: INSTANT });
    const seen: Record<string, string> = {};
    for (const tz of ['America/New_York', 'UTC', 'Asia/Tokyo']) seen[tz] = (await probe(tz, { table, type, id })).at;
    return seen;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const ds = await new DataSource({ ...db.options }).initialize();
    const key = kind === 'postgres' ? 'SERIAL PRIMARY KEY' : 'integer PRIMARY KEY AUTOINCREMENT';
    // The audit's column types as its migrations create them, and timestamptz for comparison.
    const types =
      kind === 'postgres'
        ? { plain: 'TIMESTAMP', zoned: 'TIMESTAMP WITH TIME ZONE', instant: 'bigint' }
        : { plain: 'datetime', instant: 'bigint' };
    for (const [name, type] of Object.entries(types)) {
      await ds.query(`CREATE TABLE "probe_${name}" ("id" ${key}, "at" ${type} NOT NULL)`);
    }
    await ds.destroy();
  }, 60_000);
  afterAll(() => db?.drop());

  /** The schema changes TypeORM would make for a `Date` (or other) column on the `at` column of a table. */
  const schemaChangesFor = async (table: string, type: unknown) => {
    const Probe = new EntitySchema({
      name: `Probe_${table}`,
      tableName: table,
      columns: {
        id: { type: Number, primary: true, generated: 'increment' },
        at: { type: type as typeof Date },
      },
    });
    const ds = new DataSource({ ...db.options, entities: [Probe] });
    await ds.initialize();
    try {
      return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    } finally {
      await ds.destroy();
    }
  };

  const everywhere = (at: string) => ({ 'America/New_York': at, UTC: at, 'Asia/Tokyo': at });

  if (kind === 'sqlite') {
    it('agrees on SQLite: TypeORM writes and reads `datetime` as UTC text', async () => {
      expect(await seenAcrossZones('probe_plain', 'Date')).toEqual(everywhere(INSTANT));
    }, 60_000);

    it('refuses `timestamptz` as a column type, so one entity cannot name it for both engines', async () => {
      await expect(schemaChangesFor('probe_plain', 'timestamptz')).rejects.toMatchObject({
        name: 'DataTypeNotSupportedError',
      });
    });
  } else {
    it('disagrees on PostgreSQL `timestamp` (dates before 1765400000000): readers see writer wall time', async () => {
      expect(await seenAcrossZones('probe_plain', 'Date')).toEqual({
        'America/New_York': INSTANT, // the writer's zone: consistent, which is why single-zone tests pass
        UTC: '2026-12-02T04:15:30.250Z',
        'Asia/Tokyo': '2026-12-01T19:15:30.250Z',
      });
    }, 60_000);

    it('agrees on PostgreSQL `timestamptz`, even through an entity that declares the column `Date`', async () => {
      expect(await seenAcrossZones('probe_zoned', 'Date')).toEqual(everywhere(INSTANT));
      expect(await seenAcrossZones('probe_zoned', 'timestamptz')).toEqual(everywhere(INSTANT));
    }, 60_000);

    it('but a `Date` column on timestamptz is a schema difference TypeORM would undo, data and all', async () => {
      expect(await schemaChangesFor('probe_plain', Date)).toEqual([]);
      // Not even an ALTER TYPE: synchronize or migration:generate would drop the column and its data.
      expect(await schemaChangesFor('probe_zoned', Date)).toEqual([
        'ALTER TABLE "probe_zoned" DROP COLUMN "at"',
        'ALTER TABLE "probe_zoned" ADD "at" TIMESTAMP NOT NULL',
      ]);
      expect(await schemaChangesFor('probe_zoned', 'timestamptz')).toEqual([]);
    });
  }

  it('agrees on epoch milliseconds, as the package stores every date, in every zone', async () => {
    expect(await seenAcrossZones('probe_instant', 'utc-instant')).toEqual(everywhere(INSTANT));
  }, 60_000);

  it('is how the package declares its date columns, with the probe’s conversion', () => {
    const dates = nomosPortalEntities.flatMap((entity) =>
      getMetadataArgsStorage()
        .filterColumns(entity)
        .filter((column) => column.options.transformer === utcInstantTransformer),
    );
    expect(dates.map((column) => column.options.name).sort()).toEqual([
      'authn_instant',
      'completed_at',
      'created_at',
      'created_at',
      'created_at',
      'created_at',
      'created_at', // nomos_audit_chain
      'processed_at',
      'received_at',
      'suspended_at',
      'updated_at',
      'updated_at',
    ]);
    expect(dates.every((column) => column.options.type === 'bigint')).toBe(true);
    const instant = new Date(INSTANT);
    expect(utcInstantTransformer.to(instant)).toBe(instant.getTime());
    expect(utcInstantTransformer.from(String(instant.getTime()))).toEqual(instant);
    expect(utcInstantTransformer.from(null)).toBeNull();
  });
});
