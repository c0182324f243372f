/**
 * The parts of a Nomos webhook event this receiver relies on, checked. Everything else in the body is
 * ignored. Only reached for a body whose signature verified, yet still treated as hostile: a leaked
 * or misused secret must not let anyone store arbitrary text or steer the lookups.
 */
export interface CheckedWebhookEvent {
  /** `evt_…` */
  id: string;
  topic: string;
  /** `sub_…`, for subscription events. */
  subscriptionId: string | null;
  /** `lead_…`, when the subscription came from a lead. */
  leadId: string | null;
}

// Nomos ids are a prefix and a short lower-case alphanumeric body (24 characters in the spec's
// examples); upper case and a little more length are allowed, since the format is not promised.
const idPattern = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9]{1,60}$`);
/** `evt_…` */
export const EVENT_ID = idPattern('evt');
/** `sub_…` */
export const SUBSCRIPTION_ID = idPattern('sub');
/** `lead_…` */
export const LEAD_ID = idPattern('lead');
/** `cus_…` */
export const CUSTOMER_ID = idPattern('cus');
const TOPIC = /^[a-z][a-z0-9_]{0,30}(\.[a-z][a-z0-9_]{0,30}){1,2}$/;

/** Why a signed body was still refused (answered 400). */
export type WebhookBodyRefusal = 'not-json' | 'bad-id' | 'bad-topic' | 'bad-context';

/**
 * Parses and checks a verified body.
 * @returns the event, or why it is refused
 */
export function readWebhookEvent(raw: Buffer): CheckedWebhookEvent | WebhookBodyRefusal {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return 'not-json';
  }
  if (!isRecord(body)) return 'not-json';
  if (typeof body.id !== 'string' || !EVENT_ID.test(body.id)) return 'bad-id';
  if (typeof body.topic !== 'string' || !TOPIC.test(body.topic)) return 'bad-topic';
  const context = body.context;
  if (!isRecord(context)) return 'bad-context';
  const subscriptionId = optionalId(context.subscription, SUBSCRIPTION_ID);
  const leadId = optionalId(context.lead, LEAD_ID);
  if (subscriptionId === undefined || leadId === undefined) return 'bad-context';
  // Every subscription event names its subscription (the spec marks it required).
  if (body.topic.startsWith('subscription.') && subscriptionId === null) return 'bad-context';
  return { id: body.id, topic: body.topic, subscriptionId, leadId };
}

/** `null` when absent, the id when well-formed, `undefined` when present but malformed. */
function optionalId(value: unknown, pattern: RegExp): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
