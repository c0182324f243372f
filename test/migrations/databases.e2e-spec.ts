import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PG_ADMIN_URL, createTestDatabase, describeEachDb } from '../support/databases.js';

// The harness every e2e suite relies on: isolated databases that really disappear.
describeEachDb('test database harness', (kind) => {
  it('hands out separate empty databases and drops them', async () => {
    const [one, two] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)]);
    expect(one.options).not.toEqual(two.options);
    expect(one.options).not.toHaveProperty('synchronize');

    const ds = new DataSource({ ...one.options });
    await ds.initialize();
    await ds.query('CREATE TABLE marker (id integer)');
    await ds.destroy();
    const other = new DataSource({ ...two.options });
    await other.initialize();
    const tables = await other.createQueryRunner().getTables(['marker']);
    await other.destroy();
    expect(tables).toEqual([]);

    await Promise.all([one.drop(), two.drop()]);
    for (const db of [one, two]) expect(await exists(db.options)).toBe(false);
  });
});

async function exists(options: { type: string; database?: unknown; url?: string }): Promise<boolean> {
  if (options.type !== 'postgres') return existsSync(dirname(String(options.database)));
  const name = new URL(options.url!).pathname.slice(1);
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}
