import type { CustomerLinkActorType } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';

/**
 * `all-or-nothing`: one transaction; any bad row and nothing is written (the summary lists the bad
 * rows). `report-and-skip`: each good row is written on its own, bad rows are listed and skipped.
 */
export type ImportMode = 'all-or-nothing' | 'report-and-skip';

/** Every {@link ImportMode}. */
export const IMPORT_MODES: readonly ImportMode[] = ['all-or-nothing', 'report-and-skip'];

/** What {@link importMappings} is asked to do. */
export interface ImportOptions {
  /**
   * Read, validate and compare every row with the current mapping, write nothing.
   * @default false
   */
  dryRun?: boolean;
  /** @default 'all-or-nothing' */
  mode?: ImportMode;
  /**
   * Who imports, as the link history records it (an admin's subject, the CLI).
   * @default { type: 'import', id: 'cli' }
   */
  actor?: { type: CustomerLinkActorType; id?: string | null };
  /**
   * The history's channel.
   * @default 'import'
   */
  channel?: string;
  /** Called every `progressEvery` rows and once at the end, with the counts so far. */
  onProgress?: (progress: ImportProgress) => void;
  /** @default 1000 */
  progressEvery?: number;
  /**
   * Bad rows listed in the summary; more are counted (`errorCount`) but not listed, so a file of
   * garbage cannot grow the answer.
   * @default 100
   */
  maxErrors?: number;
  /**
   * Finds the person of an `email` row. The default looks for exactly one mapping whose user name
   * is that email (at the row's issuer, else the module's): a person never linked nor named by
   * subject cannot be found by email. Return `null` when nobody (or more than one person) matches.
   */
  resolveEmail?: (email: string, issuer: string) => Promise<PersonKey | null>;
}

/** One refused row: the CSV line it ends on (1 is the header) and why, never its values. */
export interface ImportRowError {
  line: number;
  reason: string;
}

/** Counts while an import runs. */
export interface ImportProgress {
  /** Data rows read (the header is not counted). */
  read: number;
  /** Rows that linked a person who had no link. */
  linked: number;
  /** Rows that moved a person's link to another customer. */
  relinked: number;
  /** Rows that match the current mapping: nothing written, no history row. */
  unchanged: number;
  /** Bad rows (listed in `errors`, up to `maxErrors`). */
  skipped: number;
}

/**
 * How an import ended. In `all-or-nothing` mode with a bad row (or on a dry run), `linked` and
 * `relinked` count what the good rows would have done and `applied` is false: nothing was written.
 */
export interface ImportSummary extends ImportProgress {
  mode: ImportMode;
  dryRun: boolean;
  /** Whether the changes counted were written (committed). */
  applied: boolean;
  /** The first `maxErrors` bad rows, in file order. */
  errors: ImportRowError[];
  /** Every bad row, listed or not. */
  errorCount: number;
  /** `errorCount > errors.length`. */
  errorsTruncated: boolean;
  /** The whole file was refused (unreadable CSV, header without the needed columns). */
  fatal?: ImportRowError;
}
