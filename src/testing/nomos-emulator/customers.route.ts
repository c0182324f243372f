import { checkBearer } from './api-auth.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import { errorReply, fieldErrorReply, okReply, type ApiReply } from './api-reply.js';
import {
  compareCustomers,
  decodeCursor,
  encodeCursor,
  isAfterCursor,
  matchesFilters,
  publicCustomer,
  type ListCursor,
} from './customer-list.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

/** `GET /customers`: cursor pagination (`limit`, `cursor`) and `filter[…][…]` filters. */
export function listCustomersRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBearer(req.headers, ctx);
  if (unauthorized) return unauthorized;

  const limit = parseLimit(req.query.get('limit'));
  if (typeof limit !== 'number') return limit;
  let cursor: ListCursor | undefined;
  const rawCursor = req.query.get('cursor');
  if (rawCursor) {
    cursor = decodeCursor(rawCursor);
    if (!cursor) return fieldErrorReply('cursor', 'invalid_format', 'Invalid cursor');
  }

  const matching = [...ctx.state.customers.values()]
    .filter((customer) => matchesFilters(customer, req.query, ctx.emailFilter?.()))
    .filter((customer) => !cursor || isAfterCursor(customer, cursor))
    .sort(compareCustomers);
  const page = matching.slice(0, limit);
  const hasMore = matching.length > limit;
  return okReply({
    object: 'list',
    items: page.map(publicCustomer),
    has_more: hasMore,
    next_page: hasMore ? encodeCursor(page[page.length - 1]) : null,
  });
}

/** `GET /customers/{id}`. */
export function getCustomerRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBearer(req.headers, ctx);
  if (unauthorized) return unauthorized;
  const customer = ctx.state.customers.get(req.params.id ?? '');
  return customer ? okReply(publicCustomer(customer)) : errorReply(404, 'Customer not found');
}

function parseLimit(raw: string | null): number | ApiReply {
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) return fieldErrorReply('limit', 'invalid_type', 'Invalid input: expected integer');
  const limit = Number(raw);
  if (limit < 1) return fieldErrorReply('limit', 'too_small', 'Too small: expected number to be >=1');
  if (limit > MAX_LIMIT) return fieldErrorReply('limit', 'too_big', `Too big: expected number to be <=${MAX_LIMIT}`);
  return limit;
}
