import { checkBearer } from './api-auth.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import { errorReply, okReply, type ApiReply } from './api-reply.js';
import { publicCustomer } from './customer-list.js';
import type { EmulatorLead, EmulatorSubscription } from './emulator.types.js';

/** `GET /subscriptions/{id}`: the spec's Subscription, with the whole customer embedded. */
export function getSubscriptionRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBearer(req.headers, ctx);
  if (unauthorized) return unauthorized;
  const subscription = ctx.state.subscriptions.get(req.params.id ?? '');
  const customer = subscription && ctx.state.customers.get(subscription.customerId);
  if (!subscription || !customer) return errorReply(404, 'Subscription not found');
  return okReply(publicSubscription(subscription, publicCustomer(customer)));
}

/** `GET /leads/{id}`. */
export function getLeadRoute(req: ApiRequest, ctx: ApiContext): ApiReply {
  const unauthorized = checkBearer(req.headers, ctx);
  if (unauthorized) return unauthorized;
  const lead = ctx.state.leads.get(req.params.id ?? '');
  return lead ? okReply(publicLead(lead)) : errorReply(404, 'Lead not found');
}

// The spec requires address, meter, payment method and billing address; the emulator does not model
// them, so every subscription carries the same plausible ones (the IBAN masked, as Nomos sends it).
function publicSubscription(sub: EmulatorSubscription, customer: Record<string, unknown>): Record<string, unknown> {
  const at = sub.created_at;
  const address = {
    object: 'address',
    id: `adr_${sub.id}`,
    street: 'Torstraße',
    house_number: '119',
    zip: '10115',
    city: 'Berlin',
    created_at: at,
  };
  return {
    object: 'subscription',
    id: sub.id,
    plan: sub.plan ?? 'pln_emulator',
    customer,
    address,
    meter: {
      object: 'meter',
      id: `mtr_${sub.id}`,
      melo: null,
      number: '1APA0195124010',
      type: 'smart',
      malo: null,
      created_at: at,
    },
    payment_method: {
      object: 'payment_method',
      id: `pm_${sub.id}`,
      type: 'sepa_debit',
      sepa_debit: {
        iban: 'DE************6485',
        account_holder: `${String(customer.first_name)} ${String(customer.last_name)}`,
      },
      created_at: at,
    },
    number: null,
    status: sub.status ?? 'pending',
    estimated_usage: 2500,
    created_at: at,
    updated_at: at,
    start_at: null,
    terminated_at: null,
    end_at: null,
    metadata: sub.metadata ?? null,
    type: 'consumption',
    billing_address: address,
  };
}

function publicLead(lead: EmulatorLead): Record<string, unknown> {
  return {
    object: 'lead',
    id: lead.id,
    subscription: lead.subscription ?? null,
    subscribed_at: lead.subscription ? lead.created_at : null,
    link: `https://nomos.checkout.energy/?id=${encodeURIComponent(lead.id)}`,
    created_at: lead.created_at,
    created_by: null,
    last_visited_at: null,
    metadata: lead.metadata ?? null,
  };
}
