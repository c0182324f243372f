import { readFileSync } from 'node:fs';
import type { EnvOptionPath } from './env-names.js';
import { OPTION_ENV_NAMES } from './env-names.js';
import { optionError } from './option-checks.js';

/** The environment to read: `process.env` or a test's own record. */
export type Env = Record<string, string | undefined>;

// Each reads the variable of one option path (env-names.ts), so a bad value is reported the way
// the option checks report it: `<path> (<VARIABLE>) <problem>`. Unset and blank both read as unset.

/** The trimmed text of the option's variable. */
export const envText = (env: Env, path: EnvOptionPath): string | undefined => {
  const raw = env[OPTION_ENV_NAMES[path]]?.trim();
  return raw === '' ? undefined : raw;
};

/** A comma-separated list, items trimmed, empty items dropped. */
export const envList = (env: Env, path: EnvOptionPath): string[] | undefined =>
  envText(env, path)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** @throws NomosPortalConfigError unless the value is digits only */
export const envWhole = (env: Env, path: EnvOptionPath): number | undefined => {
  const raw = envText(env, path);
  if (raw !== undefined && !/^\d+$/.test(raw))
    throw optionError(path, `must be a whole number, got ${JSON.stringify(raw)}`);
  return raw === undefined ? undefined : Number(raw);
};

/** @throws NomosPortalConfigError unless the value is `true` or `false` (any case) */
export const envFlag = (env: Env, path: EnvOptionPath): boolean | undefined => {
  const raw = envText(env, path)?.toLowerCase();
  if (raw !== undefined && raw !== 'true' && raw !== 'false')
    throw optionError(path, `must be true or false, got ${JSON.stringify(raw)}`);
  return raw === undefined ? undefined : raw === 'true';
};

/** @throws NomosPortalConfigError naming `path` (and the error code only) when `file` cannot be read */
export const readOptionFile = (file: string, path: EnvOptionPath): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw optionError(path, `names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
};

/** The contents of the file the option's variable names. */
export const envFile = (env: Env, path: EnvOptionPath): string | undefined => {
  const name = envText(env, path);
  return name === undefined ? undefined : readOptionFile(name, path);
};
