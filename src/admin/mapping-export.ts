import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { MoreThan } from 'typeorm';
import { CustomerLink } from '../customer-links/index.js';
import { InvalidAdminRequestError } from './admin.errors.js';
import { csvCell } from './csv-cells.js';

/** A page request of the mapping table: keyset on the link id, oldest first. */
export interface MappingListQuery {
  /** Only people of this issuer. */
  issuer?: string;
  /** Only links to this customer. */
  customerId?: string;
  /** Page size, 1–1000. @default 100 */
  limit?: number;
  /** The `next` of the previous page. */
  after?: number;
}

/** One page of links and where the next starts (`null`: this was the last). */
export interface MappingPage {
  items: CustomerLink[];
  next: number | null;
}

/** Columns of `exportMappingsCsv`, in order; `user_id` and `customer_id` import back as they are. */
export const MAPPING_EXPORT_COLUMNS = [
  'issuer',
  'user_id',
  'customer_id',
  'status',
  'source',
  'user_name',
  'created_by',
  'created_at',
  'updated_at',
  'suspended_at',
] as const;

const MAX_PAGE = 1000;

/**
 * One page of the mapping table.
 * @throws InvalidAdminRequestError naming a malformed `limit` or `after`
 */
export async function listMappings(dataSource: DataSource, query: MappingListQuery = {}): Promise<MappingPage> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new InvalidAdminRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE}`);
  }
  const after = query.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new InvalidAdminRequestError('after', 'after must be the next value of a previous page');
  }
  const where: FindOptionsWhere<CustomerLink> = { id: MoreThan(after) };
  if (query.issuer !== undefined) where.issuer = query.issuer;
  if (query.customerId !== undefined) where.customerId = query.customerId;
  const rows = await dataSource.getRepository(CustomerLink).find({ where, order: { id: 'ASC' }, take: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1].id : null };
}

/** Every link matching `query`, one keyset page at a time (pages are read only as they are consumed). */
export async function* mappingRows(
  dataSource: DataSource,
  query: Omit<MappingListQuery, 'limit' | 'after'> = {},
): AsyncGenerator<CustomerLink> {
  let after = 0;
  for (;;) {
    const page = await listMappings(dataSource, { ...query, limit: MAX_PAGE, after });
    yield* page.items;
    if (page.next === null) return;
    after = page.next;
  }
}

/**
 * Writes the mapping table as CSV (header {@link MAPPING_EXPORT_COLUMNS}) to `sink`, streamed: the
 * next page is read only when the sink has taken the last, so memory stays flat and a closed sink
 * stops the reading. The file imports back with `importMappings` and changes nothing.
 */
export async function exportMappingsCsv(
  dataSource: DataSource,
  sink: Writable,
  query: Omit<MappingListQuery, 'limit' | 'after'> = {},
): Promise<void> {
  const cells = async function* () {
    for await (const link of mappingRows(dataSource, query)) {
      yield [
        link.issuer,
        link.userId,
        link.customerId,
        link.status,
        link.source,
        csvCell(link.userName, true),
        csvCell(link.createdBy, true),
        csvCell(link.createdAt, false),
        csvCell(link.updatedAt, false),
        csvCell(link.suspendedAt, false),
      ];
    }
  };
  await pipeline(Readable.from(cells()), stringify({ header: true, columns: [...MAPPING_EXPORT_COLUMNS] }), sink);
}
