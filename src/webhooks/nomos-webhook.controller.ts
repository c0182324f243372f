import { Inject, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readWebhookEvent } from './webhook-event-body.js';
import { WebhookEventProcessor } from './webhook-event-processor.js';
import { WebhookEventStore } from './webhook-event-store.js';
import type { RawBodyProblem } from './webhook-raw-body.js';
import { MAX_WEBHOOK_BODY_BYTES, readRawBody } from './webhook-raw-body.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import type { ResolvedWebhookOptions } from './webhooks.options.js';
import { WEBHOOK_OPTIONS } from './webhooks.options.js';

/** What the host must change when the raw body is missing; logged, and said in the 500 answer. */
export const RAW_BODY_HINT =
  'Nomos webhooks need the raw request body to check its signature: create the app with ' +
  'NestFactory.create(AppModule, { rawBody: true })';

/**
 * `POST <webhookRoutePrefix>/nomos/webhooks`: checks the signature on the bytes as received, stores
 * the event (its id is the primary key, so a redelivery is answered 200 and changes nothing), answers
 * Nomos at once and works the event afterwards. Answers carry codes only, never what was sent.
 */
export class NomosWebhookController {
  private readonly logger = new Logger('NomosWebhooks');
  private rawBodyMissingLogged = false;

  constructor(
    private readonly store: WebhookEventStore,
    private readonly processor: WebhookEventProcessor,
    @Inject(WEBHOOK_OPTIONS) private readonly options: ResolvedWebhookOptions,
  ) {}

  @Post('nomos/webhooks')
  async receive(@Req() request: Request, @Res() response: Response): Promise<void> {
    const raw = await readRawBody(request);
    if (!Buffer.isBuffer(raw)) return this.refuseBody(response, raw);
    const signature = verifyWebhookSignature(
      request.get('x-nomos-signature'),
      raw,
      this.options.signingSecrets,
      Date.now(),
    );
    if (signature !== 'ok') return answer(response, 401, { error: 'invalid-signature', reason: signature });
    const event = readWebhookEvent(raw);
    if (typeof event === 'string') return answer(response, 400, { error: 'invalid-event', reason: event });
    let stored: 'stored' | 'duplicate';
    try {
      stored = await this.store.receive(event, raw.toString('utf8'), new Date());
    } catch {
      // Not stored, so not acknowledged: Nomos delivers again later.
      this.logger.error(`Nomos webhook ${event.id} could not be stored (database-error); Nomos will redeliver`);
      return answer(response, 503, { error: 'database-error' });
    }
    if (stored === 'duplicate') return answer(response, 200, { received: true, duplicate: true });
    answer(response, 200, { received: true });
    // After the row is committed and Nomos has its answer; a crash from here on leaves the row open.
    this.processor.start(event.id);
  }

  private refuseBody(response: Response, problem: RawBodyProblem): void {
    if (problem === 'too-large') {
      response.setHeader('Connection', 'close');
      return answer(response, 413, { error: 'body-too-large', limit: MAX_WEBHOOK_BODY_BYTES });
    }
    if (problem === 'unreadable') return answer(response, 400, { error: 'body-unreadable' });
    if (!this.rawBodyMissingLogged) {
      this.rawBodyMissingLogged = true;
      this.logger.error(RAW_BODY_HINT);
    }
    // Fail closed: without the exact bytes no signature can be trusted.
    answer(response, 500, { error: 'raw-body-missing', message: RAW_BODY_HINT });
  }
}

function answer(response: Response, status: number, body: Record<string, unknown>): void {
  response.status(status).setHeader('Cache-Control', 'no-store');
  response.json(body);
}
