import type { Provider } from '@nestjs/common';
import { SubscriptionLinker } from './subscription-linker.js';
import { WebhookEventProcessor } from './webhook-event-processor.js';
import { WebhookEventStore } from './webhook-event-store.js';

/** The webhook part's providers; they read `WEBHOOK_OPTIONS`, the root's slice. */
export function webhookProviders(): Provider[] {
  return [WebhookEventStore, SubscriptionLinker, WebhookEventProcessor];
}
