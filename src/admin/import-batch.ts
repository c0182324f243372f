import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { CustomerLinkService } from '../customer-links/index.js';
import { CustomerLink, CustomerLinkConflictError, InvalidCustomerLinkError } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import { applyRow } from './import-apply.js';
import type { ImportColumns, ImportRow } from './import-columns.js';
import { readRow } from './import-columns.js';
import type { ImportTally } from './import-tally.js';
import type { ImportOptions } from './import-types.js';

/** Rows read before their current links are fetched in one query: bounds memory and round trips. */
export const IMPORT_BATCH_ROWS = 500;

/** What a batch needs: the service to write through, the file's columns and where it writes. */
export interface BatchContext {
  manager: EntityManager;
  links: CustomerLinkService;
  columns: ImportColumns;
  issuer: string;
  tally: ImportTally;
  options: ImportOptions;
  resolveEmail: NonNullable<ImportOptions['resolveEmail']>;
  /** Rows are compared only (dry run, or all-or-nothing after a bad row). */
  compareOnly: () => boolean;
}

type Checked = { line: number; person: PersonKey; row: ImportRow } | { line: number; reason: string };

const keyOf = (person: PersonKey) => `${person.issuer}\n${person.subject}`;

/**
 * Collects up to {@link IMPORT_BATCH_ROWS} rows, then reads the current links of all of them in one
 * query per issuer and applies the rows in file order: a row equal to its person's link costs no
 * further query (so a re-import is one query per batch), a change goes through the service.
 */
export class ImportBatch {
  private pending: Array<{ line: number; record: string[] }> = [];

  constructor(private readonly context: BatchContext) {}

  async add(line: number, record: string[]): Promise<void> {
    this.pending.push({ line, record });
    if (this.pending.length >= IMPORT_BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    const checked: Checked[] = [];
    for (const { line, record } of rows) checked.push(await this.check(line, record));
    const current = await this.currentLinks(checked);
    const { links, tally, options } = this.context;
    for (const entry of checked) {
      if ('reason' in entry) {
        tally.reject(entry.line, entry.reason);
        continue;
      }
      const key = keyOf(entry.person);
      const userName = 'email' in entry.row ? entry.row.email : undefined;
      try {
        const write = !this.context.compareOnly();
        const outcome = await applyRow(links, entry.person, entry.row.customerId, { ...options, userName }, write, {
          current: current.get(key)?.customerId ?? null,
        });
        // A later row of the same person compares with what this one made.
        current.set(key, { customerId: entry.row.customerId });
        tally.count(outcome);
      } catch (error) {
        // A concurrent change (conflict) or a rule is the row's error; the database ends the import.
        if (!(error instanceof InvalidCustomerLinkError || error instanceof CustomerLinkConflictError)) throw error;
        tally.reject(entry.line, error.message);
      }
    }
  }

  private async check(line: number, record: string[]): Promise<Checked> {
    try {
      const row = readRow(record, this.context.columns, this.context.issuer);
      const person = 'person' in row ? row.person : await this.context.resolveEmail(row.email, row.issuer);
      if (!person) return { line, reason: 'no single known person has this email' };
      return { line, person, row };
    } catch (error) {
      if (!(error instanceof InvalidCustomerLinkError)) throw error;
      return { line, reason: error.message };
    }
  }

  private async currentLinks(checked: Checked[]): Promise<Map<string, { customerId: string }>> {
    const byIssuer = new Map<string, string[]>();
    for (const entry of checked) {
      if ('reason' in entry) continue;
      const subjects = byIssuer.get(entry.person.issuer) ?? [];
      subjects.push(entry.person.subject);
      byIssuer.set(entry.person.issuer, subjects);
    }
    const found = new Map<string, { customerId: string }>();
    for (const [issuer, subjects] of byIssuer) {
      const rows = await this.context.manager.find(CustomerLink, {
        where: { issuer, userId: In([...new Set(subjects)]) },
        select: { issuer: true, userId: true, customerId: true },
      });
      for (const row of rows) found.set(keyOf({ issuer: row.issuer, subject: row.userId }), row);
    }
    return found;
  }
}
