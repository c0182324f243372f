import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { OptionChecks } from '../common/option-checks.js';
import { auditKeyId } from './audit-checkpoint.js';
import type { AuditCheckpointSink, HttpCheckpointSinkOptions } from './audit-checkpoint.sinks.js';
import { FileCheckpointSink, HttpCheckpointSink, LogCheckpointSink } from './audit-checkpoint.sinks.js';

/** A checkpoint destination: the log stream, a file (JSON lines), an HTTP endpoint, or your own sink. */
export type AuditCheckpointSinkOption =
  'log' | { file: string } | ({ url: string } & HttpCheckpointSinkOptions) | AuditCheckpointSink;

/** The `audit` section of the module options: the hash chain's checkpoints, retention and reconciliation. */
export interface AuditOptions {
  /**
   * Ed25519 private key that signs checkpoints: PEM text or a `KeyObject`. Without it the chain is
   * still written and verifiable, but no checkpoints are made (so a rewrite of the whole chain by
   * someone with database access would go unnoticed).
   * @example generateKeyPairSync('ed25519').privateKey
   */
  signingKey?: string | KeyObject;
  /** Id written in each checkpoint, to pick the public key when keys rotate. @default SHA-256 of the public key, 16 hex digits */
  keyId?: string;
  /** Where checkpoints go (each receives every checkpoint). @default ['log'] */
  checkpointSinks?: AuditCheckpointSinkOption[];
  /** Each replica writes a checkpoint this often when the chain has grown; 0 turns the timer off. @default 300000 */
  checkpointEveryMs?: number;
  /** Also after this many appends by this replica; 0 off. @default 0 */
  checkpointEveryRows?: number;
  /** Delete audit rows older than this many days (checkpointing before and after); unset: keep everything. @default undefined */
  retentionDays?: number;
  /** How often each replica tries a purge (one replica at a time does it). @default 3600000 */
  purgeEveryMs?: number;
  /** A `pending` row older than this is turned `abandoned` (`PENDING_EXPIRED`). @default nomos.mintDeadlineMs + 60000 */
  pendingTimeoutMs?: number;
  /** How often each replica reconciles stale `pending` rows (also once at start-up); 0: start-up only. @default 60000 */
  reconcileEveryMs?: number;
}

/** {@link AuditOptions} after defaults and validation. */
export interface ResolvedAuditOptions {
  signingKey: KeyObject | undefined;
  publicKey: KeyObject | undefined;
  keyId: string | undefined;
  sinks: readonly AuditCheckpointSink[];
  checkpointEveryMs: number;
  checkpointEveryRows: number;
  retentionDays: number | undefined;
  purgeEveryMs: number;
  pendingTimeoutMs: number;
  reconcileEveryMs: number;
}

/** Injection token of the {@link ResolvedAuditOptions}. */
export const AUDIT_OPTIONS = Symbol('NOMOS_AUDIT_OPTIONS');

const DAY_MS = 86_400_000;

/**
 * Applies defaults and validates the `audit` section.
 * @param mintDeadlineMs the Nomos client's mint deadline: a row pending longer than it (plus a
 *   minute's grace) belongs to a request that can no longer complete
 * @throws NomosPortalConfigError naming the first bad setting (never quoting the key)
 */
export function resolveAuditOptions(
  raw: AuditOptions | undefined,
  mintDeadlineMs: number,
  path = 'audit',
): ResolvedAuditOptions {
  const checks = new OptionChecks(path);
  const options = raw ?? {};
  if (typeof options !== 'object') checks.failSection('must be an object');
  const signingKey = options.signingKey === undefined ? undefined : privateKey(checks, options.signingKey);
  const publicKey = signingKey && createPublicKey(signingKey);
  const keyId =
    options.keyId === undefined ? signingKey && auditKeyId(signingKey) : checks.text(options.keyId, 'keyId');
  if (options.checkpointSinks !== undefined && !signingKey) checks.fail('checkpointSinks', 'needs audit.signingKey');
  const sinkOptions = options.checkpointSinks ?? ['log'];
  if (!Array.isArray(sinkOptions)) checks.fail('checkpointSinks', 'must be an array');
  return {
    signingKey,
    publicKey,
    keyId,
    sinks: signingKey ? sinkOptions.map((sink, i) => toSink(checks, sink, `checkpointSinks[${i}]`)) : [],
    checkpointEveryMs: checks.integer(options.checkpointEveryMs ?? 300_000, 'checkpointEveryMs', 0, DAY_MS),
    checkpointEveryRows: checks.integer(options.checkpointEveryRows ?? 0, 'checkpointEveryRows', 0, 10_000_000),
    retentionDays:
      options.retentionDays === undefined ? undefined : checks.positive(options.retentionDays, 'retentionDays', 36_500),
    purgeEveryMs: checks.positive(options.purgeEveryMs ?? 3_600_000, 'purgeEveryMs', 7 * DAY_MS),
    pendingTimeoutMs: checks.positive(
      options.pendingTimeoutMs ?? mintDeadlineMs + 60_000,
      'pendingTimeoutMs',
      7 * DAY_MS,
    ),
    reconcileEveryMs: checks.integer(options.reconcileEveryMs ?? 60_000, 'reconcileEveryMs', 0, DAY_MS),
  };
}

function privateKey(checks: OptionChecks, value: unknown): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = value instanceof KeyObject ? value : typeof value === 'string' ? createPrivateKey(value) : undefined;
  } catch {
    // The parser's message may quote the PEM: say only what is wrong.
  }
  if (!key || key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    checks.fail('signingKey', 'must be an Ed25519 private key (PEM text or a KeyObject)');
  }
  return key;
}

function toSink(checks: OptionChecks, sink: unknown, key: string): AuditCheckpointSink {
  if (sink === 'log') return new LogCheckpointSink();
  if (typeof sink === 'object' && sink !== null) {
    const s = sink as Record<string, unknown>;
    if (typeof s.write === 'function' && typeof s.name === 'string') return sink as AuditCheckpointSink;
    if (typeof s.file === 'string' && s.file !== '') return new FileCheckpointSink(s.file);
    if (typeof s.url === 'string' && /^https?:\/\//i.test(s.url)) {
      return new HttpCheckpointSink(s.url, sink as HttpCheckpointSinkOptions);
    }
  }
  return checks.fail(key, "must be 'log', { file }, { url } (http or https), or an object with name and write()");
}
