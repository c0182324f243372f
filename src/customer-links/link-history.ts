import { MoreThan, type FindOptionsWhere, type Repository } from 'typeorm';
import type { PersonKey } from '../identity/index.js';
import type { CustomerLinkEvent } from './customer-link-event.entity.js';
import { InvalidCustomerLinkError } from './customer-link.errors.js';
import { assertCustomerId } from './customer-link.validation.js';
import type { PersonRef } from './person-ref.js';

/** A page request of the link history (keyset paging on the event id, oldest first). */
export interface LinkHistoryQuery {
  /** Only this person's changes. */
  person?: PersonRef;
  /** Only changes that linked someone to this customer or moved someone away from it. */
  customerId?: string;
  /**
   * Page size, 1–1000.
   * @default 100
   */
  limit?: number;
  /** The `next` of the previous page. */
  after?: number;
}

/** One page of the history and where the next one starts (`null`: this was the last). */
export interface LinkHistoryPage {
  items: CustomerLinkEvent[];
  next: number | null;
}

const MAX_LIMIT = 1000;

/** @throws InvalidCustomerLinkError naming the malformed field */
export async function readHistory(
  events: Repository<CustomerLinkEvent>,
  query: Omit<LinkHistoryQuery, 'person'> & { person?: PersonKey },
): Promise<LinkHistoryPage> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidCustomerLinkError('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const after = query.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new InvalidCustomerLinkError('after', 'after must be the next value of a previous page');
  }
  const base: FindOptionsWhere<CustomerLinkEvent> = { id: MoreThan(after) };
  if (query.person) Object.assign(base, { issuer: query.person.issuer, userId: query.person.subject });
  let where: FindOptionsWhere<CustomerLinkEvent>[] = [base];
  if (query.customerId !== undefined) {
    assertCustomerId(query.customerId);
    where = [
      { ...base, newCustomerId: query.customerId },
      { ...base, oldCustomerId: query.customerId },
    ];
  }
  const rows = await events.find({ where, order: { id: 'ASC' }, take: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1].id : null };
}
