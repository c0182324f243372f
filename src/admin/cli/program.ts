import { Command, CommanderError } from 'commander';
import { NomosPortalConfigError } from '../../index.js';
import { CLI_EXIT_CODES, CliFailure, CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { processIo, writeLine } from './cli-io.js';
import { DATA_SOURCE_ENV } from './data-source-file.js';
import { addAuditCommand } from './audit.command.js';
import { addDoctorCommand } from './doctor.command.js';
import { addExportCommand } from './export.command.js';
import { addImportCommand } from './import.command.js';
import { addLinkCommands } from './link.command.js';
import { packageVersion } from './package-version.js';

const HELP_AFTER = `
Exit codes:
  0  done; every check passed
  1  a check or the audit verification failed, or rows were rejected
  2  usage or configuration error (nothing was done)

Environment:
  ${DATA_SOURCE_ENV}  the --data-source file
  NOMOS_PORTAL_CONFIG       the doctor's --config file (else NOMOS_* and SAML_* variables)
`;

/** The `nomos-portal` program: global options, every command, errors routed to `io.err`. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('nomos-portal')
    .description("Admin tools of nestjs-nomos-portal, run against the host app's own TypeORM DataSource")
    .version(packageVersion())
    .option('-d, --data-source <file>', `module exporting the host's TypeORM DataSource (env: ${DATA_SOURCE_ENV})`)
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) })
    .exitOverride()
    .showHelpAfterError('(run nomos-portal --help for usage)')
    .addHelpText('after', HELP_AFTER);
  const dataSource = () => program.opts<{ dataSource?: string }>().dataSource;
  addLinkCommands(program, io, dataSource);
  addImportCommand(program, io, dataSource, setExitCode);
  addExportCommand(program, io, dataSource);
  addAuditCommand(program, io, dataSource, setExitCode);
  addDoctorCommand(program, io, dataSource, setExitCode);
  return program;
}

function firstLine(error: unknown): string {
  const { name, message } = error as Error;
  return `${name ?? 'Error'}: ${String(message ?? error)
    .split('\n')[0]
    .slice(0, 300)}`;
}

/**
 * Runs `nomos-portal` with `argv` (as `process.argv`: node, script, arguments…).
 * @returns the exit code (see {@link CLI_EXIT_CODES}); nothing here calls `process.exit`
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = CLI_EXIT_CODES.ok;
  const program = buildProgram(io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Commander has already written its own message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? CLI_EXIT_CODES.ok : CLI_EXIT_CODES.usage;
    if (error instanceof NomosPortalConfigError) {
      writeLine(io.err, `nomos-portal: ${error.message}`);
      return CLI_EXIT_CODES.usage;
    }
    if (error instanceof CliUsageError || error instanceof CliFailure) {
      writeLine(io.err, `nomos-portal: ${error.message}`);
      return error.exitCode;
    }
    writeLine(io.err, `nomos-portal: failed: ${firstLine(error)} (nomos-portal doctor checks the set-up)`);
    return CLI_EXIT_CODES.failed;
  }
}
