import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import type { DataSource } from 'typeorm';
import { CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { writeLine } from './cli-io.js';
import { withDatabase } from './database-session.js';
import { EXPORTS, exportRows, type ExportName } from './export-rows.js';
import { startProgress } from './progress.js';

/** First characters a spreadsheet reads as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

type Row = Record<string, string | number | null>;

/**
 * CSV cells of free-text columns (names, user agents: values someone outside chose) that would
 * start a formula get a leading `'`, so opening the file in a spreadsheet runs nothing. Ids,
 * instants and outcomes are never changed, so they parse back as written.
 */
function defuse(row: Row, freeText: readonly string[]): Row {
  for (const column of freeText) {
    const value = row[column];
    if (typeof value === 'string' && FORMULA_START.test(value)) row[column] = `'${value}`;
  }
  return row;
}

async function* counted(rows: AsyncIterable<Row>, onRow: (count: number) => void): AsyncGenerator<Row> {
  let count = 0;
  for await (const row of rows) {
    count += 1;
    if (count % 500 === 0) onRow(count);
    yield row;
  }
  onRow(count);
}

async function* jsonLines(rows: AsyncIterable<Row>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

/**
 * The export's destination, opened before any row is read.
 * @throws CliUsageError when `--out` names a file that exists: an export never overwrites one
 */
async function openOut(out: string | undefined, io: CliIo): Promise<{ stream: Writable; name: string; own: boolean }> {
  if (out === undefined || out === '-') return { stream: io.out, name: 'stdout', own: false };
  const path = isAbsolute(out) ? out : resolve(io.cwd, out);
  try {
    return { stream: (await open(path, 'wx')).createWriteStream(), name: path, own: true };
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') throw new CliUsageError(`--out ${path} exists already: remove it or name another file`);
    throw new CliUsageError(`--out ${path} cannot be created (${code ?? String(error)})`);
  }
}

async function writeExport(
  dataSource: DataSource,
  name: ExportName,
  format: string,
  out: string | undefined,
  io: CliIo,
) {
  const { columns, freeText, entity } = EXPORTS[name];
  const target = await openOut(out, io);
  const total = io.errIsTty ? await dataSource.getRepository(entity).count() : 0;
  const progress = startProgress(io, total, 'rows');
  let written = 0;
  const rows = counted(exportRows(dataSource, name), (count) => {
    written = count;
    progress.update(count);
  });
  try {
    const source =
      format === 'csv'
        ? Readable.from(rows)
            .map((row: Row) => defuse(row, freeText))
            .pipe(stringify({ header: true, columns }))
        : Readable.from(jsonLines(rows));
    await pipeline(source, target.stream, { end: target.own });
  } finally {
    progress.stop();
  }
  writeLine(
    io.err,
    `exported ${written} ${name === 'audit' ? 'audit rows' : 'mappings'} as ${format} to ${target.name}`,
  );
}

/** `export mappings|audit [--format csv|jsonl] [--out FILE]`, streamed a page at a time. */
export function addExportCommand(program: Command, io: CliIo, dataSourceOption: () => string | undefined): void {
  program
    .command('export')
    .description('write every mapping or every audit row, oldest first, as CSV (with a header) or JSON lines')
    .addArgument(new Argument('<what>', 'what to export').choices(Object.keys(EXPORTS)))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('-o, --out <file>', 'write to this new file instead of stdout (never overwrites)')
    .action(async (what: ExportName, opts: { format: string; out?: string }) => {
      await withDatabase(dataSourceOption(), io, (dataSource) =>
        writeExport(dataSource, what, opts.format, opts.out, io),
      );
    });
}
