import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { Option } from 'commander';
import type { Command } from 'commander';
import { IMPORT_MODES, importMappings, type ImportMode, type ImportSummary } from '../index.js';
import { CLI_EXIT_CODES, CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { writeLine } from './cli-io.js';
import { withDatabase } from './database-session.js';
import { importIssuer } from './import-issuer.js';
import { startProgress } from './progress.js';

interface ImportFlags {
  dryRun?: boolean;
  mode: ImportMode;
  issuer?: string;
  config?: string;
}

/** The summary lines: counts, what was written, then each rejected row by line number (never its values). */
export function summaryLines(file: string, summary: ImportSummary): string[] {
  const { read, linked, relinked, unchanged, skipped } = summary;
  const counts =
    `${read} rows read: ${linked} linked, ${relinked} relinked, ${unchanged} unchanged, ` + `${skipped} rejected`;
  const outcome = summary.dryRun
    ? 'dry run: nothing written'
    : summary.applied
      ? 'written'
      : 'nothing written (all-or-nothing: a row was rejected; fix it or use --mode report-and-skip)';
  const lines = [`import ${file} (${summary.mode}): ${counts}; ${outcome}`];
  if (summary.fatal) lines.push(`line ${summary.fatal.line}: ${summary.fatal.reason}`);
  for (const error of summary.errors) lines.push(`line ${error.line}: ${error.reason}`);
  if (summary.errorsTruncated) lines.push(`… and ${summary.errorCount - summary.errors.length} more rejected rows`);
  return lines;
}

/** `import FILE [--dry-run] [--mode …] [--issuer …]`: streamed row by row by the admin core. */
export function addImportCommand(
  program: Command,
  io: CliIo,
  dataSourceOption: () => string | undefined,
  setExitCode: (code: number) => void,
): void {
  program
    .command('import')
    .description('link people to customers from a CSV (subject or email → customer_id); re-importing changes nothing')
    .argument('<file>', 'CSV with a header: customer_id and subject (or user_id) and/or email, optional issuer')
    .option('--dry-run', 'read and check every row, write nothing')
    .addOption(new Option('--mode <mode>', 'what a bad row does').choices(IMPORT_MODES).default('all-or-nothing'))
    .option('--issuer <issuer>', "issuer of rows without one (default: the module's, from --config; else 'app')")
    .option('-c, --config <file>', 'module exporting the NomosPortalModuleOptions, for the default issuer')
    .action(async (file: string, flags: ImportFlags) => {
      const path = isAbsolute(file) ? file : resolve(io.cwd, file);
      const size = await stat(path).then(
        (info) => (info.isFile() ? info.size : Number.NaN),
        () => Number.NaN,
      );
      if (Number.isNaN(size)) throw new CliUsageError(`${JSON.stringify(file)} is not a readable file`);
      const { issuer, note } = await importIssuer(flags, io);
      if (note) writeLine(io.err, `nomos-portal: ${note}`);
      await withDatabase(dataSourceOption(), io, async (dataSource) => {
        const progress = startProgress(io, size, '0 rows');
        let bytes = 0;
        const measured = createReadStream(path).pipe(
          new Transform({
            transform(chunk: Buffer, _encoding, done) {
              bytes += chunk.length;
              done(null, chunk);
            },
          }),
        );
        let summary: ImportSummary;
        try {
          summary = await importMappings(
            measured,
            { dataSource, issuer },
            {
              dryRun: flags.dryRun ?? false,
              mode: flags.mode,
              onProgress: ({ read }) => progress.update(bytes, `${read} rows`),
            },
          );
        } finally {
          progress.stop();
        }
        for (const line of summaryLines(file, summary)) writeLine(io.out, line);
        if (summary.skipped > 0 || summary.fatal) setExitCode(CLI_EXIT_CODES.failed);
      });
    });
}
