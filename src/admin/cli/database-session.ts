import type { DataSource } from 'typeorm';
import { CliUsageError } from './cli.errors.js';
import { cliDataSource, loadHostDataSource } from './data-source-file.js';

/** The first line of a driver's error, cut short (never the connection options). */
export function driverProblem(error: unknown): string {
  const { name, message } = error as Error;
  return `${name ?? 'Error'}: ${String(message ?? error)
    .split('\n')[0]
    .slice(0, 200)}`;
}

/**
 * Runs `work` on a connected copy of the host's DataSource and always disconnects.
 * @throws CliUsageError when the data-source file is unusable or the database cannot be reached
 */
export async function withDatabase<T>(
  given: string | undefined,
  io: { env: NodeJS.ProcessEnv; cwd: string },
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = cliDataSource(await loadHostDataSource(given, io.env, io.cwd));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new CliUsageError(`the database of --data-source cannot be reached (${driverProblem(error)})`);
  }
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
