import { Readable, Transform } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { AuditQuery, AuditService, MagicLinkAudit } from '../audit/index.js';
import { csvCell, jsonValue } from './csv-cells.js';

/** `csv` (a header row, then one row per audit row) or `jsonl` (one JSON object per line). */
export type AuditExportFormat = 'csv' | 'jsonl';

/** The exported columns: every column of `MagicLinkAudit`, in the table's order. */
export const AUDIT_EXPORT_COLUMNS = [
  'id',
  'createdAt',
  'completedAt',
  'issuer',
  'userId',
  'userName',
  'customerId',
  'outcome',
  'errorCode',
  'nomosRequestId',
  'linkFingerprint',
  'linkHost',
  'channel',
  'mintAttempts',
  'durationMs',
  'clientIp',
  'userAgent',
  'requestId',
  'sessionIndex',
  'authnInstant',
  'authnContext',
] as const satisfies readonly (keyof MagicLinkAudit)[];

// Text that came from outside (a browser, an IdP): escaped against spreadsheet formulas in CSV.
const FREE_TEXT = new Set<string>(['userName', 'userAgent', 'authnContext', 'errorCode', 'requestId', 'sessionIndex']);

/**
 * Every audit row matching `filter` (its `limit`/`after` are ignored), newest first, a keyset page of
 * 500 at a time through `AuditService.query`: the next page is read only when the last is consumed.
 * @throws InvalidAuditQueryError when the filter is malformed (before anything is yielded)
 */
export async function* auditRows(
  audit: AuditService,
  filter: Omit<AuditQuery, 'limit' | 'after'> = {},
): AsyncGenerator<MagicLinkAudit> {
  let after: string | undefined;
  do {
    const page = await audit.query({ ...filter, limit: 500, ...(after ? { after } : {}) });
    yield* page.items;
    after = page.next;
  } while (after !== undefined);
}

/**
 * Streams the audit rows matching `filter` to `sink` as CSV or JSON Lines, with backpressure: memory
 * stays flat whatever the row count (`bench/audit-export.ts` prints it at 1M rows), and a sink that
 * closes early (a client gone) stops the queries.
 * @throws InvalidAuditQueryError when the filter is malformed; the sink's or the database's errors
 */
export async function exportAudit(
  audit: AuditService,
  format: AuditExportFormat,
  sink: Writable,
  filter: Omit<AuditQuery, 'limit' | 'after'> = {},
): Promise<void> {
  const rows = auditRows(audit, filter);
  // Fails on a malformed filter before a byte (a CSV header) is written.
  const first = await rows.next();
  const all = async function* () {
    if (!first.done) yield first.value;
    yield* rows;
  };
  const encode = format === 'csv' ? csvRows() : jsonLines();
  const head = format === 'csv' ? stringify({ header: true, columns: [...AUDIT_EXPORT_COLUMNS] }) : undefined;
  await (head ? pipeline(Readable.from(all()), encode, head, sink) : pipeline(Readable.from(all()), encode, sink));
}

function csvRows(): Transform {
  return new Transform({
    objectMode: true,
    transform(row: MagicLinkAudit, _encoding, done) {
      const record = row as unknown as Record<string, unknown>;
      done(
        null,
        AUDIT_EXPORT_COLUMNS.map((column) => csvCell(record[column], FREE_TEXT.has(column))),
      );
    },
  });
}

function jsonLines(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row: MagicLinkAudit, _encoding, done) {
      const record = row as unknown as Record<string, unknown>;
      const line = Object.fromEntries(AUDIT_EXPORT_COLUMNS.map((column) => [column, jsonValue(record[column])]));
      done(null, `${JSON.stringify(line)}\n`);
    },
  });
}
