import { DataSource } from 'typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';

/**
 * An in-memory SQLite database with the package's migrations applied, for the targeted specs:
 * the schema a host runs, at the cost of a unit test (each mutant's run builds a fresh one).
 */
export async function migratedMemoryDataSource(
  entities: MixedList<string | (new () => unknown) | EntitySchema>,
): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities,
    migrations: nomosPortalMigrations,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
