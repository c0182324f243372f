import { QueryFailedError } from 'typeorm';

/**
 * Whether a failed query broke a UNIQUE constraint/index, on PostgreSQL (`23505`) or SQLite
 * (`SQLITE_CONSTRAINT_UNIQUE`, or the message for drivers that give no extended code).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; message?: unknown } | undefined;
  const code = driverError?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return typeof driverError?.message === 'string' && driverError.message.includes('UNIQUE constraint failed');
}
