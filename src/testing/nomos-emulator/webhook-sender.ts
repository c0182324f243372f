import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** Options of {@link sendWebhook}. */
export interface SendWebhookOptions {
  /** The endpoint's signing secret, as configured on Nomos' side. */
  secret: string;
  /** Unix seconds put in `t=` (and signed); pass an old one to test staleness. @default now */
  timestamp?: number;
  /** Replaces the computed `X-Nomos-Signature` (forgeries, malformed headers). */
  signature?: string;
}

/** A webhook event as Nomos sends it; `id` and `timestamp` are filled in when absent. */
export interface EmulatorWebhookEvent {
  /** `evt_…`, the dedupe key. @default a fresh one */
  id?: string;
  /** e.g. `subscription.created`. */
  topic: string;
  /** ISO 8601. @default now */
  timestamp?: string;
  context: Record<string, unknown>;
}

/** What the receiver answered. */
export interface WebhookDelivery {
  status: number;
  body: string;
  /** The event id sent. */
  eventId: string;
  /** The exact bytes sent (what was signed). */
  rawBody: string;
}

/**
 * POSTs `event` to `url` (plain HTTP, for loopback tests) the way Nomos delivers webhooks:
 * `X-Nomos-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 */
export function sendWebhook(
  url: string,
  event: EmulatorWebhookEvent,
  options: SendWebhookOptions,
): Promise<WebhookDelivery> {
  const eventId = event.id ?? `evt_${randomBytes(12).toString('hex')}`;
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  const rawBody = JSON.stringify({
    ...event,
    id: eventId,
    timestamp: event.timestamp ?? new Date(t * 1000).toISOString(),
  });
  const v1 = createHmac('sha256', options.secret).update(`${t}.${rawBody}`).digest('hex');
  const signature = options.signature ?? `t=${t},v1=${v1}`;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(rawBody),
        'x-nomos-signature': signature,
        'user-agent': 'Nomos-Webhooks/emulator',
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), eventId, rawBody }),
      );
    });
    req.end(rawBody);
  });
}
