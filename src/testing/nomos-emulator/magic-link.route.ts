import { randomBytes } from 'node:crypto';
import { checkBearer } from './api-auth.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import { errorReply, fieldErrorReply, okReply, type ApiReply } from './api-reply.js';
import { portalOrigin } from './portal-url.js';

/**
 * `POST /admin/magic_link` with JSON `{customerId}`: mints a single-use link to the plan's portal, or
 * to its checkout (`/start`) when the customer has no subscription yet.
 */
export function magicLinkRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBearer(req.headers, ctx);
  if (unauthorized) return unauthorized;
  if (req.body.kind === 'invalid') return errorReply(400, req.body.message);

  const customerId = req.body.kind === 'fields' ? req.body.fields.customerId : undefined;
  if (typeof customerId !== 'string') {
    const received = customerId === null ? 'null' : typeof customerId;
    return fieldErrorReply('customerId', 'invalid_type', `Invalid input: expected string, received ${received}`);
  }
  const customer = ctx.state.customers.get(customerId);
  if (!customer) return errorReply(404, 'Customer not found');

  // Shaped like the real token_hash (56 hex characters); its only job is to be unguessable.
  const tokenHash = randomBytes(28).toString('hex');
  const origin = portalOrigin(customer.planSlug, ctx.portalPort());
  const kind = customer.hasSubscription ? 'confirm' : 'start';
  const link =
    kind === 'confirm'
      ? `${origin}/auth/confirm?token_hash=${tokenHash}&type=magiclink&next=/overview`
      : `${origin}/start?token_hash=${tokenHash}&type=magiclink`;
  ctx.state.recordLink(customer.id, tokenHash, link, kind);
  return okReply({ object: 'magic_link', link }, { 'Cache-Control': 'no-store' });
}
