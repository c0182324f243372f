import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PersonKey } from './person-key.js';

/**
 * The Nomos lead/subscription metadata key (and signup URL query parameter) that carries a signup
 * reference, so the webhook that reports the new customer can link them to the person who signed up.
 */
export const SIGNUP_REFERENCE_KEY = 'nomos_portal_ref';

// The column sizes of the mapping (issuer varchar(1024), subject varchar(255)): a key that could never
// be stored is refused when minted, and a reference that claims one is refused when read.
const MAX_ISSUER_LENGTH = 1024;
const MAX_SUBJECT_LENGTH = 255;
// base64url of the largest payload (JSON escapes can grow a character to 6) plus '.' and the MAC, rounded up;
// anything longer is not ours, so it is refused before any decoding or hashing.
const MAX_REFERENCE_LENGTH = 12_000;
const MAC_LENGTH = 43; // base64url of 32 bytes, unpadded
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Domain separation: a host that reuses one secret for webhooks and signup references cannot have a
// webhook signature accepted as a reference, or the other way round.
const MAC_CONTEXT = 'nomos-portal signup reference v1\n';
const VERSION = 1;

/**
 * A tamper-proof, expiring reference to a person, for a signup link: `<payload>.<mac>`, both base64url,
 * the payload `[1, expiresAtMs, issuer, subject]` as JSON and the MAC HMAC-SHA256(secret) over it. It
 * is not encrypted: the issuer and subject are readable by whoever holds the link (they are ids, not
 * secrets); it only cannot be forged or altered without the secret.
 * @param nowMs the clock, `Date.now()`
 * @param ttlMs how long the reference is accepted; a whole number of milliseconds above 0
 * @throws TypeError / RangeError for an empty secret, a bad ttl or clock, or a key the mapping could not
 *   store (these are programming errors, not input)
 * @example createSignupReference({ issuer: 'https://sts.windows.net/…/', subject: 'a1b2' }, secret, Date.now(), 86_400_000)
 */
export function createSignupReference(person: PersonKey, secret: string, nowMs: number, ttlMs: number): string {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('The signup reference secret is empty');
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a whole number above 0');
  if (!Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite number');
  if (!isKeyPart(person?.issuer, MAX_ISSUER_LENGTH)) throw new TypeError('The issuer is empty or too long');
  if (!isKeyPart(person?.subject, MAX_SUBJECT_LENGTH)) throw new TypeError('The subject is empty or too long');
  const expiresAt = Math.floor(nowMs) + ttlMs;
  const payload = Buffer.from(JSON.stringify([VERSION, expiresAt, person.issuer, person.subject]), 'utf8');
  const encoded = payload.toString('base64url');
  return `${encoded}.${mac(secret, encoded).toString('base64url')}`;
}

/**
 * The person a reference names, when it was made with one of `secrets` (the current one and, during a
 * rotation, the previous one) and has not expired at `nowMs`; otherwise `undefined`. Never throws: the
 * reference comes from outside (a webhook's metadata), so anything malformed, oversized, forged,
 * expired or of another type is simply not a reference.
 * @param secrets one or two secrets; empty strings are ignored
 */
export function readSignupReference(ref: unknown, secrets: readonly string[], nowMs: number): PersonKey | undefined {
  if (typeof ref !== 'string' || ref.length > MAX_REFERENCE_LENGTH) return undefined;
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot !== ref.lastIndexOf('.')) return undefined;
  const encoded = ref.slice(0, dot);
  const macText = ref.slice(dot + 1);
  if (!BASE64URL.test(encoded) || macText.length !== MAC_LENGTH || !BASE64URL.test(macText)) return undefined;
  const given = Buffer.from(macText, 'base64url');
  // Re-encoding must give the same text: otherwise two spellings of one MAC would both be accepted.
  if (given.length !== 32 || given.toString('base64url') !== macText) return undefined;
  let matched = false;
  // Every secret is tried (no early exit), so timing does not say which one matched.
  for (const secret of Array.isArray(secrets) ? secrets : []) {
    if (typeof secret !== 'string' || secret === '') continue;
    if (timingSafeEqual(mac(secret, encoded), given)) matched = true;
  }
  if (!matched) return undefined;
  const fields = parsePayload(encoded);
  if (!fields) return undefined;
  const [, expiresAt, issuer, subject] = fields;
  if (!(nowMs < expiresAt)) return undefined;
  return { issuer, subject };
}

function mac(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(MAC_CONTEXT).update(encodedPayload).digest();
}

/** The payload's fields, checked; only reached for a payload we signed, but checked all the same. */
function parsePayload(encoded: string): [number, number, string, string] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [version, expiresAt, issuer, subject] = value as unknown[];
  if (version !== VERSION || !Number.isSafeInteger(expiresAt)) return undefined;
  if (!isKeyPart(issuer, MAX_ISSUER_LENGTH) || !isKeyPart(subject, MAX_SUBJECT_LENGTH)) return undefined;
  return [VERSION, expiresAt as number, issuer, subject];
}

function isKeyPart(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value !== '' && value.length <= maxLength;
}
