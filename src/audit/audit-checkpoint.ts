import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Tag that opens the signed form of every checkpoint. */
export const CHECKPOINT_VERSION = 'nomos-audit-checkpoint/1';

/**
 * A signed statement of the chain's state, written outside the app's tables (like CloudTrail's
 * digest files): whoever can rewrite the database cannot rewrite what was signed before.
 */
export interface AuditCheckpoint {
  /** Always {@link CHECKPOINT_VERSION}. */
  version: typeof CHECKPOINT_VERSION;
  /** Seq of the newest entry when the checkpoint was made. */
  headSeq: number;
  /** Its hash (hex). */
  headHash: string;
  /** Entries after the anchor: `headSeq - anchorSeq`. */
  rowCount: number;
  /** Where the chain then started (0 until a retention purge moves it). */
  anchorSeq: number;
  /** The anchor's hash (the zero hash before any purge). */
  anchorHash: string;
  /** When it was signed (epoch milliseconds). */
  time: number;
  /** Which key signed it (see {@link auditKeyId}). */
  keyId: string;
  /** Ed25519 signature of {@link checkpointPayload}, base64. */
  signature: string;
}

/** A checkpoint's content before signing. */
export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'version' | 'signature'>;

/**
 * The bytes signed: the UTF-8 JSON text of `[version, headSeq, headHash, rowCount, anchorSeq,
 * anchorHash, time, keyId]` (fixed order, as for chain entries).
 */
export function checkpointPayload(c: UnsignedCheckpoint): Buffer {
  const fields = [CHECKPOINT_VERSION, c.headSeq, c.headHash, c.rowCount, c.anchorSeq, c.anchorHash, c.time, c.keyId];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** The default key id: the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function auditKeyId(key: KeyObject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

/** Signs `content` with an Ed25519 private key. */
export function signCheckpoint(content: UnsignedCheckpoint, privateKey: KeyObject): AuditCheckpoint {
  const signature = sign(null, checkpointPayload(content), privateKey).toString('base64');
  return { version: CHECKPOINT_VERSION, ...content, signature };
}

/**
 * Whether `checkpoint` is well-formed and signed by `publicKey` (a KeyObject or PEM; a private key
 * works too, its public half is used). Never throws on hostile input: anything malformed is `false`.
 */
export function checkpointSignatureValid(checkpoint: unknown, publicKey: KeyObject | string): boolean {
  if (!isCheckpoint(checkpoint)) return false;
  try {
    const key = createPublicKey(publicKey);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, checkpointPayload(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const seqOk = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** Type guard: the shape of an {@link AuditCheckpoint} (signature not checked). */
export function isCheckpoint(value: unknown): value is AuditCheckpoint {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    c.version === CHECKPOINT_VERSION &&
    seqOk(c.headSeq) &&
    seqOk(c.anchorSeq) &&
    seqOk(c.rowCount) &&
    seqOk(c.time) &&
    typeof c.headHash === 'string' &&
    HEX64.test(c.headHash) &&
    typeof c.anchorHash === 'string' &&
    HEX64.test(c.anchorHash) &&
    typeof c.keyId === 'string' &&
    c.keyId.length <= 128 &&
    typeof c.signature === 'string' &&
    c.signature.length <= 256
  );
}
