import type { Command } from 'commander';
import { NomosPortalConfigError, resolveNomosPortalOptions, type ResolvedNomosPortalOptions } from '../../index.js';
import type { CliIo } from './cli-io.js';
import { CLI_EXIT_CODES } from './cli.errors.js';
import { CLOCK_OK_MS } from './clock-skew.js';
import { loadModuleOptions } from './config-file.js';
import { DATA_SOURCE_ENV, loadHostDataSource } from './data-source-file.js';
import { databaseChecks } from './database-checks.js';
import type { CheckLine } from './doctor-report.js';
import { fail, ok, printReport, warn } from './doctor-report.js';
import { idpChecks } from './idp-checks.js';
import { nomosChecks } from './nomos-probe.js';

/** The checks on the module options: the ones a start-up would refuse first, then the IdP and Nomos. */
async function optionChecks(given: string | undefined, io: CliIo): Promise<{ lines: CheckLine[]; usable: boolean }> {
  const { options, source } = await loadModuleOptions(given, io.env, io.cwd).catch((error: unknown) => {
    // The env readers refuse an unreadable variable with the same error as the resolver.
    if (error instanceof NomosPortalConfigError) return { options: undefined, source: error.message };
    throw error;
  });
  let resolved: ResolvedNomosPortalOptions;
  try {
    if (!options) throw new NomosPortalConfigError(source);
    resolved = resolveNomosPortalOptions(options);
  } catch (error) {
    if (!(error instanceof NomosPortalConfigError)) throw error;
    return { lines: [fail('config', error.message, 'set the option it names, then run doctor again')], usable: false };
  }
  const lines = [ok('config', `module options from ${source} are valid`)];
  if (resolved.saml) lines.push(...(await idpChecks(resolved.saml)));
  else lines.push(warn('idp-metadata', 'no saml options: SAML not checked', 'ignore if the host signs people in'));
  const clockFailMs = Math.max(resolved.saml?.acceptedClockSkewMs ?? 60_000, CLOCK_OK_MS);
  lines.push(...(await nomosChecks(resolved.nomos, clockFailMs)));
  return { lines, usable: true };
}

/** `doctor`: one line per check, ok/warn/fail with what to fix; exit 1 on any fail, 2 on bad config. */
export function addDoctorCommand(
  program: Command,
  io: CliIo,
  dataSourceOption: () => string | undefined,
  setExitCode: (code: number) => void,
): void {
  program
    .command('doctor')
    .description('check the IdP metadata and certificates, the clock, Nomos and the database; say what to fix')
    .option('-c, --config <file>', 'module exporting the NomosPortalModuleOptions (env: NOMOS_PORTAL_CONFIG)')
    .action(async (opts: { config?: string }) => {
      const { lines, usable } = await optionChecks(opts.config, io);
      const dataSourceFile = dataSourceOption() ?? io.env[DATA_SOURCE_ENV];
      if (dataSourceFile === undefined) {
        const fix = `pass --data-source <file> or set ${DATA_SOURCE_ENV}`;
        lines.push(warn('database', 'no data-source file: database and migrations not checked', fix));
      } else {
        lines.push(...(await databaseChecks(await loadHostDataSource(dataSourceFile, io.env, io.cwd))));
      }
      const passed = printReport(lines, io.out);
      if (!usable) setExitCode(CLI_EXIT_CODES.usage);
      else if (!passed) setExitCode(CLI_EXIT_CODES.failed);
    });
}
