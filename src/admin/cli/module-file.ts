import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliUsageError } from './cli.errors.js';

/** A file named on the command line (or by its environment variable), resolved against `cwd`. */
export interface NamedFile {
  /** The option that names it, e.g. `--data-source`. */
  option: string;
  /** The environment variable read when the option is absent. */
  envName: string;
  /** The path as given. */
  given: string | undefined;
}

/**
 * The absolute path of the file, checked to exist.
 * @throws CliUsageError naming the option and its variable when no file is given or it is not a file
 */
export function namedFilePath(file: NamedFile, env: NodeJS.ProcessEnv, cwd: string): string {
  const given = file.given ?? env[file.envName];
  if (given === undefined || given.trim() === '') {
    throw new CliUsageError(`no ${file.option} file: pass ${file.option} <file> or set ${file.envName}`);
  }
  const path = isAbsolute(given) ? given : resolve(cwd, given);
  if (!existsSync(path)) throw new CliUsageError(`${file.option} ${JSON.stringify(given)} does not exist`);
  if (!statSync(path).isFile()) throw new CliUsageError(`${file.option} ${JSON.stringify(given)} is not a file`);
  return path;
}

/**
 * Imports a host's module (ESM or CommonJS, as Node loads it).
 * @throws CliUsageError saying why it cannot be loaded; only the error's first line is shown, cut
 *   short, since a module's own error could quote anything
 */
export async function importModuleFile(path: string, option: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const { code, message, name } = error as NodeJS.ErrnoException;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new CliUsageError(
        `${option} ${path} cannot be loaded by Node as it is (${code}): compile it to .js first, ` +
          'or run the CLI under a TypeScript loader (node --import tsx …)',
      );
    }
    const first = String(message ?? '')
      .split('\n')[0]
      .slice(0, 200);
    throw new CliUsageError(`${option} ${path} could not be loaded: ${name ?? 'Error'}: ${first}`);
  }
}
