import { invalidResponse } from './nomos-api.errors.js';

/**
 * A Nomos subscription (`GET /subscriptions/{id}`), the fields this package reads. Open like every
 * wire type: the spec's address, meter, payment method and more arrive as extra fields.
 */
export interface NomosSubscription {
  object: 'subscription';
  /** `sub_…` */
  id: string;
  /** The subscriber; the spec embeds the whole customer object. */
  customer: { id: string; email?: string; [field: string]: unknown };
  status?: 'pending' | 'active' | 'ended';
  /** Free-form map the host set (e.g. `nomos_portal_ref`); `null` when none. */
  metadata?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** A Nomos lead (`GET /leads/{id}`), the fields this package reads. */
export interface NomosLead {
  object: 'lead';
  /** `lead_…` */
  id: string;
  /** The subscription the lead became, once converted. */
  subscription?: string | null;
  /** Free-form map the host set when it created the lead (e.g. `nomos_portal_ref`). */
  metadata?: Record<string, unknown> | null;
  [field: string]: unknown;
}

// Only what linking relies on is checked; failure messages name the field, never its value.

/** Checks a subscription body: string `id`, a `customer` with a string `id`, `metadata` a map or null. */
export function readSubscription(body: unknown, requestId?: string): NomosSubscription {
  if (!isRecord(body) || typeof body.id !== 'string' || body.id === '') {
    throw invalidResponse('subscription response has no string "id"', requestId);
  }
  if (!isRecord(body.customer) || typeof body.customer.id !== 'string' || body.customer.id === '') {
    throw invalidResponse('subscription response has no "customer" with a string "id"', requestId);
  }
  if (body.metadata != null && !isRecord(body.metadata)) {
    throw invalidResponse('subscription response "metadata" is not an object', requestId);
  }
  return body as NomosSubscription;
}

/** Checks a lead body: string `id`, `metadata` a map or null. */
export function readLead(body: unknown, requestId?: string): NomosLead {
  if (!isRecord(body) || typeof body.id !== 'string' || body.id === '') {
    throw invalidResponse('lead response has no string "id"', requestId);
  }
  if (body.metadata != null && !isRecord(body.metadata)) {
    throw invalidResponse('lead response "metadata" is not an object', requestId);
  }
  return body as NomosLead;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
