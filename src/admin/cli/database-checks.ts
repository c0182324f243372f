import { MigrationExecutor } from 'typeorm';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../../migrations/index.js';
import { cliDataSource } from './data-source-file.js';
import { driverProblem } from './database-session.js';
import type { CheckLine } from './doctor-report.js';
import { fail, ok } from './doctor-report.js';

const RUN_FIX =
  "run the package's migrations: include nomosPortalMigrations in the DataSource's migrations and run " +
  'npx typeorm migration:run -d <data-source file>';

/**
 * The database checks: it answers, and every migration of this package has been applied. Reads
 * only: `getPendingMigrations` (unlike `showMigrations`) does not create the migrations table.
 */
export async function databaseChecks(host: DataSource): Promise<CheckLine[]> {
  const dataSource = cliDataSource(host, nomosPortalMigrations);
  const { type } = dataSource.options;
  try {
    await dataSource.initialize();
    await dataSource.query('SELECT 1');
  } catch (error) {
    const fix = 'check the connection settings in the data-source file and that the database server is up';
    return [fail('database', `${type} database cannot be reached (${driverProblem(error)})`, fix)];
  }
  try {
    const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
    const all = nomosPortalMigrations.length;
    const migrations =
      pending.length === 0
        ? ok('migrations', `all ${all} migrations of nestjs-nomos-portal applied`)
        : fail(
            'migrations',
            `${pending.length} of ${all} not applied: ${pending.map((m) => m.name).join(', ')}`,
            RUN_FIX,
          );
    return [ok('database', `${type} database answers`), migrations];
  } catch (error) {
    return [ok('database', `${type} database answers`), fail('migrations', driverProblem(error), RUN_FIX)];
  } finally {
    await dataSource.destroy();
  }
}
