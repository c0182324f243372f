import { IMPORT_MODES } from './import-types.js';
import type { ImportMode, ImportOptions, ImportProgress, ImportRowError, ImportSummary } from './import-types.js';
import { InvalidAdminRequestError } from './admin.errors.js';

/** What one row did. */
export type RowOutcome = 'linked' | 'relinked' | 'unchanged';

const MAX_LISTED_ERRORS = 10_000;

/** The running counts of an import and its capped list of bad rows. */
export class ImportTally implements ImportProgress {
  readonly mode: ImportMode;
  readonly dryRun: boolean;
  read = 0;
  linked = 0;
  relinked = 0;
  unchanged = 0;
  skipped = 0;
  failed: ImportRowError | undefined;
  private readonly errors: ImportRowError[] = [];
  private readonly maxErrors: number;
  private readonly every: number;

  /** @throws InvalidAdminRequestError naming a malformed option */
  constructor(private readonly options: ImportOptions) {
    this.mode = options.mode ?? 'all-or-nothing';
    if (!IMPORT_MODES.includes(this.mode)) {
      throw new InvalidAdminRequestError('mode', `mode must be one of ${IMPORT_MODES.join(', ')}`);
    }
    this.dryRun = options.dryRun === true;
    this.maxErrors = bounded(options.maxErrors ?? 100, 'maxErrors', 0, MAX_LISTED_ERRORS);
    this.every = bounded(options.progressEvery ?? 1000, 'progressEvery', 1, Number.MAX_SAFE_INTEGER);
  }

  count(outcome: RowOutcome): void {
    this[outcome] += 1;
    this.advance();
  }

  reject(line: number, reason: string): void {
    this.skipped += 1;
    if (this.errors.length < this.maxErrors) this.errors.push({ line, reason });
    this.advance();
  }

  /** The whole file is refused at `line`. */
  fail(line: number, reason: string): void {
    this.failed = { line, reason };
  }

  summary(applied: boolean): ImportSummary {
    const errors = this.failed ? [...this.errors, this.failed].slice(0, Math.max(1, this.maxErrors)) : this.errors;
    const errorCount = this.skipped + (this.failed ? 1 : 0);
    this.options.onProgress?.(this.progress());
    return {
      mode: this.mode,
      dryRun: this.dryRun,
      applied: applied && this.failed === undefined,
      ...this.progress(),
      errors: [...errors],
      errorCount,
      errorsTruncated: errorCount > errors.length,
      ...(this.failed ? { fatal: this.failed } : {}),
    };
  }

  private progress(): ImportProgress {
    const { read, linked, relinked, unchanged, skipped } = this;
    return { read, linked, relinked, unchanged, skipped };
  }

  private advance(): void {
    this.read += 1;
    if (this.read % this.every === 0) this.options.onProgress?.(this.progress());
  }
}

function bounded(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidAdminRequestError(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
