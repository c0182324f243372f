/**
 * What a failed database call means, for the engines the package supports (SQLite through
 * better-sqlite3, PostgreSQL through pg). Each check accepts the driver's error as it is thrown and
 * as TypeORM wraps it (`QueryFailedError.driverError`), so callers need not know which they hold.
 */
import { QueryFailedError } from 'typeorm';

/** True for SQLite's "database is locked" errors, raw or wrapped by TypeORM. */
export function isSqliteBusy(error: unknown): boolean {
  const code =
    (error as { driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/**
 * Whether a failed query broke a UNIQUE constraint, index or primary key: PostgreSQL's
 * `unique_violation` (`23505`), SQLite's `SQLITE_CONSTRAINT_UNIQUE`, or SQLite's message, which
 * says "UNIQUE constraint failed" for primary-key conflicts too and is all that drivers without
 * extended result codes give.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; message?: unknown } | undefined;
  if (driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return String(driverError?.message).includes('UNIQUE constraint failed');
}
