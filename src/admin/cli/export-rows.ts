import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { MoreThan } from 'typeorm';
import { CustomerLink, MagicLinkAudit } from '../../index.js';

/** Rows read per query: keyset pages by id, so memory stays flat whatever the table's size. */
export const EXPORT_PAGE_SIZE = 1_000;

/** What `export` can write, with its columns in order. */
export const EXPORTS = {
  mappings: {
    entity: CustomerLink,
    columns: [
      'id',
      'issuer',
      'userId',
      'userName',
      'customerId',
      'status',
      'source',
      'createdBy',
      'createdAt',
      'updatedAt',
      'suspendedAt',
    ],
    freeText: ['userName', 'createdBy'],
  },
  audit: {
    entity: MagicLinkAudit,
    columns: [
      'id',
      'createdAt',
      'completedAt',
      'issuer',
      'userId',
      'userName',
      'customerId',
      'outcome',
      'errorCode',
      'channel',
      'mintAttempts',
      'nomosRequestId',
      'linkFingerprint',
      'linkHost',
      'requestId',
      'clientIp',
      'userAgent',
      'durationMs',
      'sessionIndex',
      'authnInstant',
      'authnContext',
    ],
    freeText: ['userName', 'userAgent', 'authnContext'],
  },
} satisfies Record<string, { entity: EntityTarget<ObjectLiteral>; columns: string[]; freeText: string[] }>;

/** A table `export` can write. */
export type ExportName = keyof typeof EXPORTS;

/** Every row of the export's table, oldest first, as plain values (dates as ISO 8601). */
export async function* exportRows(
  dataSource: DataSource,
  name: ExportName,
): AsyncGenerator<Record<string, string | number | null>> {
  const { entity, columns } = EXPORTS[name];
  const repository = dataSource.getRepository<ObjectLiteral>(entity);
  let after = 0;
  for (;;) {
    const page = await repository.find({
      where: { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: EXPORT_PAGE_SIZE,
    });
    for (const row of page) {
      const values: Record<string, string | number | null> = {};
      for (const column of columns) {
        const value: unknown = row[column];
        values[column] = value instanceof Date ? value.toISOString() : (value as string | number | null);
      }
      yield values;
    }
    if (page.length < EXPORT_PAGE_SIZE) return;
    after = page[page.length - 1].id as number;
  }
}
