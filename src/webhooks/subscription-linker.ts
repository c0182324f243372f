import { Inject, Injectable } from '@nestjs/common';
import { CustomerLinkConflictError, CustomerLinkService, InvalidCustomerLinkError } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import { readSignupReference, SIGNUP_REFERENCE_KEY } from '../identity/index.js';
import type { NomosSubscription } from '../nomos-api/index.js';
import { NomosApiClient } from '../nomos-api/index.js';
import { CUSTOMER_ID } from './webhook-event-body.js';
import type { AttemptResult } from './webhook-event-store.js';
import { WEBHOOK_REASONS } from './webhook-reasons.js';
import type { ResolvedWebhookOptions } from './webhooks.options.js';
import { WEBHOOK_OPTIONS } from './webhooks.options.js';

/** The stored event a `subscription.created` attempt works from. */
export interface SubscriptionEventRef {
  id: string;
  subscriptionId: string;
  leadId: string | null;
}

type Found = { person: PersonKey } | { reason: string };

/**
 * `subscription.created` → the person who signed up, from the signup reference in the
 * subscription's metadata or else its lead's, → `CustomerLinkService.link` (which writes the history
 * row). Linking the same pair again is a no-op there, so redeliveries and retries change nothing.
 * Nomos failures are thrown (the attempt is retried); what no retry can fix ends as `needs-review`.
 */
@Injectable()
export class SubscriptionLinker {
  constructor(
    private readonly nomos: NomosApiClient,
    private readonly links: CustomerLinkService,
    @Inject(WEBHOOK_OPTIONS) private readonly options: Pick<ResolvedWebhookOptions, 'signupReferenceSecrets'>,
  ) {}

  async link(event: SubscriptionEventRef, nowMs: number): Promise<AttemptResult> {
    const subscription = await this.nomos.getSubscription(event.subscriptionId);
    const customerId = subscription.customer.id;
    if (!CUSTOMER_ID.test(customerId)) return review(WEBHOOK_REASONS.invalidCustomer, null);
    const found = await this.findPerson(subscription, event, nowMs);
    if ('reason' in found) return review(found.reason, customerId);
    try {
      await this.links.link(found.person, customerId, {
        source: 'webhook',
        actor: { type: 'webhook', id: event.id },
        channel: 'webhook',
      });
    } catch (error) {
      if (error instanceof CustomerLinkConflictError) return review(WEBHOOK_REASONS.linkedElsewhere, customerId);
      if (error instanceof InvalidCustomerLinkError) return review(WEBHOOK_REASONS.invalidPerson, customerId);
      throw error;
    }
    return { status: 'processed', reason: null, customerId };
  }

  /** The subscription's own reference wins; the lead is only read when the subscription has none. */
  private async findPerson(
    subscription: NomosSubscription,
    event: SubscriptionEventRef,
    nowMs: number,
  ): Promise<Found> {
    const own = subscription.metadata?.[SIGNUP_REFERENCE_KEY];
    if (own !== undefined && own !== null) return this.read(own, nowMs);
    if (event.leadId === null) return { reason: WEBHOOK_REASONS.noReference };
    const lead = await this.nomos.getLead(event.leadId);
    // A lead that became another subscription must not lend its person to this one.
    if (lead.subscription != null && lead.subscription !== subscription.id) {
      return { reason: WEBHOOK_REASONS.leadMismatch };
    }
    const fromLead = lead.metadata?.[SIGNUP_REFERENCE_KEY];
    if (fromLead === undefined || fromLead === null) return { reason: WEBHOOK_REASONS.noReference };
    return this.read(fromLead, nowMs);
  }

  private read(reference: unknown, nowMs: number): Found {
    const person = readSignupReference(reference, this.options.signupReferenceSecrets, nowMs);
    return person ? { person } : { reason: WEBHOOK_REASONS.invalidReference };
  }
}

function review(reason: string, customerId: string | null): AttemptResult {
  return { status: 'needs-review', reason, customerId };
}
