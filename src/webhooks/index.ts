// The Nomos webhook receiver: signature, dedupe, durable processing, `subscription.created` linking.
// Public (re-exported by src/index.ts): the options type, the entity of its table and its statuses,
// and the processor (whose sweep a host or a test may run).
export type { WebhookOptions } from './webhooks.options.js';
export { NomosWebhookEvent, type WebhookEventStatus } from './nomos-webhook-event.entity.js';
export { WebhookEventProcessor } from './webhook-event-processor.js';

// Internal to the package: for the root wiring.
export { NomosWebhookController } from './nomos-webhook.controller.js';
export { webhookProviders } from './webhooks.providers.js';
export { WEBHOOK_OPTIONS, type ResolvedWebhookOptions } from './webhooks.options.js';
