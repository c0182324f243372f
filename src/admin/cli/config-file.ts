import {
  nomosPortalOptionsFromEnv,
  samlEnvNames,
  samlOptionsFromEnv,
  type NomosPortalModuleOptions,
} from '../../index.js';
import { CliUsageError } from './cli.errors.js';
import { importModuleFile, namedFilePath } from './module-file.js';

/** Environment variable naming the options file when `--config` is absent. */
export const CONFIG_ENV = 'NOMOS_PORTAL_CONFIG';

/** Where the options came from, for the report. */
export interface LoadedOptions {
  options: NomosPortalModuleOptions;
  source: string;
}

/**
 * The module options `doctor` checks: from `--config` (or `NOMOS_PORTAL_CONFIG`), a module whose
 * default export (or export `options`) is the options object or a function returning it, as the
 * host's `useFactory` would; without a file, from the `NOMOS_*` / `SAML_*` variables (SAML only
 * when one `SAML_*` variable is set).
 * @throws CliUsageError when the file is missing, cannot be loaded or exports no options
 */
export async function loadModuleOptions(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<LoadedOptions> {
  if (given === undefined && !env[CONFIG_ENV]) {
    const saml = samlEnvNames().some((name) => env[name] !== undefined) ? samlOptionsFromEnv(env) : undefined;
    return { options: { ...nomosPortalOptionsFromEnv(env), saml }, source: 'environment (NOMOS_*, SAML_*)' };
  }
  const path = namedFilePath({ option: '--config', envName: CONFIG_ENV, given }, env, cwd);
  const exports = await importModuleFile(path, '--config');
  let value = exports.default ?? exports.options;
  if (typeof value === 'function') value = await (value as () => unknown)();
  if (typeof value !== 'object' || value === null) {
    throw new CliUsageError(
      `--config ${path} exports no module options: export default { nomos: { ... }, saml: { ... } } ` +
        '(or a function returning them)',
    );
  }
  return { options: value as NomosPortalModuleOptions, source: path };
}
