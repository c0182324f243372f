import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

const root = join(import.meta.dirname, '..', '..');
/** The built bin, as package.json "bin" names it. */
export const CLI_MAIN = join(root, 'dist', 'src', 'admin', 'cli', 'main.js');

/** What one run of the built CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `nomos-portal` in a child process with only `env` (plus PATH), so no NOMOS_* or
 * SAML_* variable of the test run leaks in.
 * @throws when dist/ has not been built (npm test builds it first; else `npm run build --silent`)
 */
export function runBuiltCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run npm run build --silent first`);
  return new Promise<CliRun>((resolve) => {
    execFile(
      process.execPath,
      [CLI_MAIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...options.env }, cwd: options.cwd ?? root, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A temp folder for a suite's files (data-source and config modules, CSVs, exports). */
export async function scratchDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nomos-cli-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes a host's data-source module as a host would: its own `new DataSource(...)` with the
 * package's migrations, importing the built package (dist/) and this repository's typeorm.
 */
export async function writeDataSourceFile(dir: string, options: DataSourceOptions, name = 'data-source.mjs') {
  const path = join(dir, name);
  const typeorm = join(root, 'node_modules', 'typeorm', 'index.mjs');
  const migrations = join(root, 'dist', 'migrations', 'index.js');
  await writeFile(
    path,
    [
      `import { DataSource } from ${JSON.stringify(typeorm)};`,
      `import { nomosPortalMigrations } from ${JSON.stringify(migrations)};`,
      `export default new DataSource({ ...${JSON.stringify(options)}, migrations: nomosPortalMigrations });`,
      '',
    ].join('\n'),
  );
  return path;
}

/** Writes a module whose default export is `value` (module options for doctor). */
export async function writeOptionsFile(dir: string, value: unknown, name = 'portal-options.mjs'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `export default ${JSON.stringify(value)};\n`);
  return path;
}
