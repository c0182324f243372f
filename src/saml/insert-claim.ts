import { LessThanOrEqual } from 'typeorm';
import type { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';

/**
 * Claims `key` for `row` in a table of expiring rows, atomically across replicas: inserts and lets
 * the primary key pick the winner among racers (no read-then-write). A holder of the key that has
 * expired by `now` is deleted conditionally, so only one racer can displace it, and the insert is
 * tried once more.
 * @returns `true` when this call inserted `row`, `false` when an unexpired row holds `key`
 */
export async function insertClaim<T extends ObjectLiteral>(
  repo: Repository<T>,
  row: T,
  key: FindOptionsWhere<T>,
  now: number,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // insert(), not save(): no implicit transaction for SQLite's one connection to interleave.
      await repo.insert(row);
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    if (!(await repo.delete({ ...key, expiresAt: LessThanOrEqual(now) })).affected) return false;
  }
  return false;
}
