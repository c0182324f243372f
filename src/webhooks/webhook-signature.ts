import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a webhook signature was refused; never says which secret or which part matched. */
export type WebhookSignatureRefusal = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** The vendor's documented tolerance: timestamps more than 5 minutes off either way are refused. */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 300_000;

// A header is a handful of short parts; anything far longer is not Nomos and is not worth parsing.
const MAX_HEADER_LENGTH = 2048;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Checks `X-Nomos-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` against HMAC-SHA256(secret,
 * `"<t>.<raw body>"`) for each secret (two during a rotation). The body must be the bytes as received:
 * a re-serialised JSON body differs (key order, spacing, escapes) and would never verify, or worse,
 * verify something else. Comparison is constant-time over equal-length digests.
 * @param nowMs the receiver's clock, `Date.now()`
 * @returns `'ok'` or the reason for refusing
 */
export function verifyWebhookSignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  nowMs: number,
  toleranceMs: number = DEFAULT_WEBHOOK_TOLERANCE_MS,
): 'ok' | WebhookSignatureRefusal {
  if (header === undefined || header === '') return 'missing';
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'malformed';
  if (Math.abs(nowMs - parsed.timestampSec * 1000) > toleranceMs) return 'stale';
  const signedPayload = Buffer.concat([Buffer.from(`${parsed.timestampText}.`, 'utf8'), rawBody]);
  let matched = false;
  // Every pair is compared (no early exit), so timing says nothing about which secret or digest matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signedPayload).digest();
    for (const candidate of parsed.signatures) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? 'ok' : 'mismatch';
}

interface ParsedSignature {
  timestampText: string;
  timestampSec: number;
  signatures: Buffer[];
}

/** `t=…` exactly once, at least one well-formed `v1=…`; other schemes (`v0=…`) are ignored. */
function parseSignatureHeader(header: string): ParsedSignature | undefined {
  if (header.length > MAX_HEADER_LENGTH) return undefined;
  let timestampText: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestampText !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestampText = value;
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestampText === undefined || signatures.length === 0) return undefined;
  return { timestampText, timestampSec: Number(timestampText), signatures };
}
