import { DataSource } from 'typeorm';
import { nomosPortalEntities } from '../../index.js';
import { CliUsageError } from './cli.errors.js';
import { importModuleFile, namedFilePath } from './module-file.js';

/** Environment variable naming the host's DataSource file when `--data-source` is absent. */
export const DATA_SOURCE_ENV = 'NOMOS_PORTAL_DATA_SOURCE';

function isDataSource(value: unknown): value is DataSource {
  // Duck-typed like the TypeORM CLI: the host's typeorm may be another copy than ours.
  const candidate = value as Partial<DataSource> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.initialize === 'function' &&
    typeof candidate.options === 'object'
  );
}

/**
 * The one TypeORM DataSource a host's file exports (default or named, like the TypeORM CLI's `-d`).
 * @throws CliUsageError when the file is missing, cannot be loaded, or exports none or several
 */
export async function loadHostDataSource(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<DataSource> {
  const path = namedFilePath({ option: '--data-source', envName: DATA_SOURCE_ENV, given }, env, cwd);
  const exports = await importModuleFile(path, '--data-source');
  const found = new Map<unknown, string>();
  for (const [name, value] of Object.entries(exports)) {
    const resolved = await value;
    if (isDataSource(resolved) && !found.has(resolved)) found.set(resolved, name);
  }
  if (found.size === 0) {
    throw new CliUsageError(
      `--data-source ${path} exports no TypeORM DataSource: export default new DataSource({ ... }) ` +
        '(or export exactly one DataSource by name)',
    );
  }
  if (found.size > 1) {
    throw new CliUsageError(
      `--data-source ${path} exports ${found.size} DataSources (${[...found.values()].join(', ')}): export only one`,
    );
  }
  return [...found.keys()][0] as DataSource;
}

/**
 * A DataSource for the CLI on the host's connection settings, not yet connected: the package's
 * entities are added when the host's list lacks them (a Nest host often relies on autoLoadEntities),
 * and schema changes at connect time are turned off, since a CLI command changes only what it was
 * asked to (`synchronize`, `migrationsRun` and `dropSchema` are forced off).
 * @param migrations replaces the host's migrations (doctor checks the package's own)
 */
export function cliDataSource(host: DataSource, migrations?: DataSource['options']['migrations']): DataSource {
  const entities = host.options.entities;
  const listed = Array.isArray(entities) ? (entities as unknown[]) : undefined;
  const missing = listed ? nomosPortalEntities.filter((entity) => !listed.includes(entity)) : [];
  return new DataSource({
    ...host.options,
    entities: listed ? [...(entities as never[]), ...missing] : (entities ?? nomosPortalEntities),
    migrations: migrations ?? host.options.migrations,
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
  });
}
