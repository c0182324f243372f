import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { DataSource, EntityManager } from 'typeorm';
import { CustomerLink, CustomerLinkService, InvalidCustomerLinkError } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import { AdminImportTooLargeError } from './admin.errors.js';
import type { ImportColumns, ImportRow } from './import-columns.js';
import { readHeader, readRow } from './import-columns.js';
import { ImportTally } from './import-tally.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { applyRow } from './import-apply.js';

/** Where an import writes: the host's DataSource and the issuer of rows that name none. */
export interface ImportTarget {
  dataSource: DataSource;
  /** The module's issuer (`portal.issuer`, the IdP's entity id, or `'app'`). */
  issuer: string;
}

// One record may not hold more than this (csv-parse refuses it), so one row costs bounded memory.
const MAX_RECORD_CHARS = 8192;

/** Rolls the all-or-nothing transaction back after a bad row; never leaves this file. */
class RollBack extends Error {}

/**
 * Imports person → customer rows from a CSV stream, row by row (the file is never held). Every change
 * goes through `CustomerLinkService`, so each has its link-history row; a row that matches the current
 * mapping writes nothing, so a re-import changes nothing. A person named by email is found with
 * `options.resolveEmail` (default: the one mapping whose user name is that email).
 * @throws what the database throws (the summary is for bad rows, not for a failing database), and
 *   AdminImportTooLargeError when the input stream fails with it (after rolling back)
 */
export async function importMappings(
  input: Readable | AsyncIterable<Buffer | string>,
  target: ImportTarget,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const tally = new ImportTally(options);
  const run = async (manager: EntityManager, stopAtError: boolean) => {
    const links = new CustomerLinkService(manager.getRepository(CustomerLink), { issuer: target.issuer });
    const resolveEmail = options.resolveEmail ?? byUserName(manager);
    const parser = parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_RECORD_CHARS,
    });
    const records = pipeIterable(input, parser);
    let columns: ImportColumns | undefined;
    try {
      for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!columns) {
          const header = readHeader(record);
          if (typeof header === 'string') return tally.fail(info.lines, header);
          columns = header;
          continue;
        }
        const write = !tally.dryRun && !(stopAtError && tally.skipped > 0);
        await rowAt(info.lines, record, columns, { links, resolveEmail, write, target, tally, options });
      }
    } catch (error) {
      if (error instanceof AdminImportTooLargeError) throw error;
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('CSV_')) throw error;
      // csv-parse's message quotes the offending text: the reason names the rule only.
      return tally.fail(Number((error as { lines?: number }).lines) || 0, `the file is not valid CSV (${code})`);
    }
    if (!columns) tally.fail(1, 'the file is empty: it needs a header row');
  };

  if (tally.mode === 'report-and-skip' || tally.dryRun) {
    await run(target.dataSource.manager, false);
    return tally.summary(!tally.dryRun);
  }
  try {
    await target.dataSource.transaction(async (manager) => {
      await run(manager, true);
      if (tally.skipped > 0 || tally.failed) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return tally.summary(false);
  }
  return tally.summary(true);
}

interface RowContext {
  links: CustomerLinkService;
  resolveEmail: NonNullable<ImportOptions['resolveEmail']>;
  write: boolean;
  target: ImportTarget;
  tally: ImportTally;
  options: ImportOptions;
}

async function rowAt(line: number, record: string[], columns: ImportColumns, context: RowContext): Promise<void> {
  const { tally } = context;
  try {
    const row: ImportRow = readRow(record, columns, context.target.issuer);
    const person = 'person' in row ? row.person : await context.resolveEmail(row.email, row.issuer);
    if (!person) throw new InvalidCustomerLinkError('email', 'no single known person has this email');
    const userName = 'email' in row ? row.email : undefined;
    tally.count(await applyRow(context.links, person, row.customerId, { ...context.options, userName }, context.write));
  } catch (error) {
    // Bad data is a row's error; anything else (the database) ends the import.
    if (
      !(error instanceof InvalidCustomerLinkError) &&
      (error as { code?: string }).code !== 'CUSTOMER_LINK_CONFLICT'
    ) {
      throw error;
    }
    tally.reject(line, (error as Error).message);
  }
}

/** The default `resolveEmail`: exactly one mapping at the issuer has the email as its user name. */
function byUserName(manager: EntityManager): NonNullable<ImportOptions['resolveEmail']> {
  const repository = manager.getRepository(CustomerLink);
  return async (email, issuer): Promise<PersonKey | null> => {
    const found = await repository.find({ where: { issuer, userName: email }, take: 2 });
    return found.length === 1 ? { issuer: found[0].issuer, subject: found[0].userId } : null;
  };
}

/** Feeds an async iterable into the parser with backpressure. */
function pipeIterable(input: AsyncIterable<Buffer | string>, parser: ReturnType<typeof parse>) {
  void (async () => {
    try {
      for await (const chunk of input) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  return parser;
}
