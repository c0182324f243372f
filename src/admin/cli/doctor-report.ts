import type { Writable } from 'node:stream';
import { writeLine } from './cli-io.js';

/** How a check of `doctor` came out. `warn` still exits 0: it asks for attention, not for action now. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. Details and fixes never carry a secret (secret, token, key). */
export interface CheckLine {
  status: CheckStatus;
  /** Short name of what was checked, e.g. `nomos-token`. */
  check: string;
  /** What was found. */
  detail: string;
  /** What to do about it (warn and fail lines). */
  fix?: string;
}

/** A line that passed. */
export const ok = (check: string, detail: string): CheckLine => ({ status: 'ok', check, detail });
/** A line that asks for attention. */
export const warn = (check: string, detail: string, fix: string): CheckLine => ({ status: 'warn', check, detail, fix });
/** A line that failed. */
export const fail = (check: string, detail: string, fix: string): CheckLine => ({ status: 'fail', check, detail, fix });

/** Writes the lines, one each (`fail  nomos-token  … → fix: …`), and returns whether none failed. */
export function printReport(lines: CheckLine[], out: Writable): boolean {
  const width = Math.max(...lines.map((line) => line.check.length), 0);
  for (const line of lines) {
    const fix = line.fix ? ` → fix: ${line.fix}` : '';
    writeLine(out, `${line.status.padEnd(4)}  ${line.check.padEnd(width)}  ${line.detail}${fix}`);
  }
  const failed = lines.filter((line) => line.status === 'fail').length;
  const warned = lines.filter((line) => line.status === 'warn').length;
  writeLine(out, `doctor: ${lines.length} checks, ${failed} failed, ${warned} warning(s)`);
  return failed === 0;
}
