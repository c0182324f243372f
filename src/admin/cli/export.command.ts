import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { CustomerLink, MagicLinkAudit } from '../../index.js';
import { jsonValue } from '../csv-cells.js';
import { adminCore, exportAudit, exportMappingsCsv, MAPPING_EXPORT_COLUMNS, mappingRows } from '../index.js';
import { CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { writeLine } from './cli-io.js';
import { withDatabase } from './database-session.js';
import { startProgress } from './progress.js';
import { RecordCounter } from './record-counter.js';

/** What `export` writes. */
export type ExportName = 'mappings' | 'audit';
type ExportFormat = 'csv' | 'jsonl';

/**
 * The export's destination, opened before any row is read.
 * @throws CliUsageError when `--out` names a file that exists: an export never overwrites one
 */
async function openOut(out: string | undefined, io: CliIo): Promise<{ stream: Writable; name: string }> {
  if (out === undefined || out === '-') return { stream: io.out, name: 'stdout' };
  const path = isAbsolute(out) ? out : resolve(io.cwd, out);
  try {
    return { stream: (await open(path, 'wx')).createWriteStream(), name: path };
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') throw new CliUsageError(`--out ${path} exists already: remove it or name another file`);
    throw new CliUsageError(`--out ${path} cannot be created (${code ?? String(error)})`);
  }
}

/** The mapping table as JSON Lines, with the CSV export's column names (so both read alike). */
async function* mappingLines(dataSource: DataSource): AsyncGenerator<string> {
  for await (const link of mappingRows(dataSource)) {
    const record = link as unknown as Record<string, unknown>;
    const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const line = Object.fromEntries(MAPPING_EXPORT_COLUMNS.map((column) => [column, jsonValue(record[camel(column)])]));
    yield `${JSON.stringify(line)}\n`;
  }
}

function writeRows(dataSource: DataSource, what: ExportName, format: ExportFormat, sink: Writable): Promise<void> {
  if (what === 'audit') return exportAudit(adminCore(dataSource, 'cli').audit, format, sink);
  if (format === 'csv') return exportMappingsCsv(dataSource, sink);
  return pipeline(Readable.from(mappingLines(dataSource)), sink);
}

async function runExport(
  dataSource: DataSource,
  what: ExportName,
  format: ExportFormat,
  out: string | undefined,
  io: CliIo,
) {
  const target = await openOut(out, io);
  const header = format === 'csv' ? 1 : 0;
  const entity = what === 'audit' ? MagicLinkAudit : CustomerLink;
  const total = io.errIsTty ? await dataSource.getRepository(entity).count() : 0;
  const progress = startProgress(io, total, 'rows');
  const counter = new RecordCounter((records) => {
    const rows = Math.max(records - header, 0);
    progress.update(rows, `${rows} rows`);
  });
  const done = target.stream === io.out ? undefined : new Promise((resolve) => target.stream.on('close', resolve));
  try {
    // The counter ends the file it feeds; stdout is left open (other output may follow).
    counter.pipe(target.stream, { end: target.stream !== io.out });
    await writeRows(dataSource, what, format, counter);
    await done;
  } finally {
    progress.stop();
  }
  const rows = Math.max(counter.records - header, 0);
  writeLine(io.err, `exported ${rows} ${what === 'audit' ? 'audit rows' : 'mappings'} as ${format} to ${target.name}`);
}

/**
 * `export mappings|audit [--format csv|jsonl] [--out FILE]`: streamed by the admin core a keyset
 * page at a time (flat memory); mappings oldest first, audit rows newest first.
 */
export function addExportCommand(program: Command, io: CliIo, dataSourceOption: () => string | undefined): void {
  program
    .command('export')
    .description('write every mapping or audit row as CSV (with a header) or JSON lines, streamed')
    .addArgument(new Argument('<what>', 'what to export').choices(['mappings', 'audit']))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('-o, --out <file>', 'write to this new file instead of stdout (never overwrites)')
    .action(async (what: ExportName, opts: { format: ExportFormat; out?: string }) => {
      await withDatabase(dataSourceOption(), io, (dataSource) =>
        runExport(dataSource, what, opts.format, opts.out, io),
      );
    });
}
