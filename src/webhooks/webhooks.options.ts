import { OptionChecks } from '../common/option-checks.js';

/**
 * The Nomos webhook receiver (set under `webhooks` in the module options; the route is mounted only
 * with the shape option `webhookReceiver: 'nomos'`). Nomos posts `subscription.created` there, and the
 * receiver links the new customer to the person whose signup reference the subscription carries.
 */
export interface WebhookOptions {
  /**
   * The endpoint's signing secrets, as Nomos shows them for the webhook endpoint: one, or two while
   * rotating (the new one and the old one, until Nomos has switched over).
   */
  signingSecrets: string[];
  /**
   * The secrets the host signs signup references with (`createSignupReference`): one, or two while
   * rotating. Random, at least 32 characters. Kept apart from `signingSecrets` on purpose: Nomos
   * rotates its webhook secret on its own schedule, while a reference must stay readable for as long
   * as a signup takes.
   */
  signupReferenceSecrets: string[];
  /** Attempts per event before it is left `failed` for good. @default 8 */
  maxAttempts?: number;
  /**
   * Wait before retrying a failed event, doubled per attempt up to 6 hours. 0 retries on the next sweep.
   * @default 60000
   */
  retryDelayMs?: number;
  /**
   * How often each replica sweeps for events still to process (also once at start-up). 0: only at
   * start-up and when the host calls `WebhookEventProcessor.sweep()`.
   * @default 60000
   */
  sweepIntervalMs?: number;
}

/** {@link WebhookOptions} after defaults and validation. */
export interface ResolvedWebhookOptions {
  signingSecrets: readonly string[];
  signupReferenceSecrets: readonly string[];
  maxAttempts: number;
  retryDelayMs: number;
  sweepIntervalMs: number;
}

/** Injection token of the {@link ResolvedWebhookOptions}. */
export const WEBHOOK_OPTIONS = Symbol('NOMOS_WEBHOOK_OPTIONS');

const MIN_SIGNING_SECRET_LENGTH = 16;
const MIN_REFERENCE_SECRET_LENGTH = 32;
const DAY_MS = 86_400_000;

/**
 * Applies defaults to and validates the webhook options.
 * @throws NomosPortalConfigError naming the first bad setting (never quoting a secret)
 */
export function resolveWebhookOptions(raw: WebhookOptions | undefined, path = 'webhooks'): ResolvedWebhookOptions {
  const checks = new OptionChecks(path);
  if (!raw || typeof raw !== 'object') {
    return checks.failSection("is required when the module is declared with webhookReceiver: 'nomos'");
  }
  return {
    signingSecrets: secrets(checks, raw.signingSecrets, 'signingSecrets', MIN_SIGNING_SECRET_LENGTH),
    signupReferenceSecrets: secrets(
      checks,
      raw.signupReferenceSecrets,
      'signupReferenceSecrets',
      MIN_REFERENCE_SECRET_LENGTH,
    ),
    maxAttempts: checks.integer(raw.maxAttempts ?? 8, 'maxAttempts', 1, 100),
    retryDelayMs: checks.integer(raw.retryDelayMs ?? 60_000, 'retryDelayMs', 0, DAY_MS),
    sweepIntervalMs: checks.integer(raw.sweepIntervalMs ?? 60_000, 'sweepIntervalMs', 0, DAY_MS),
  };
}

function secrets(checks: OptionChecks, value: unknown, key: string, minLength: number): string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 2) {
    checks.fail(key, 'must be an array of one or two secrets (two while rotating)');
  }
  for (const secret of value as unknown[]) {
    if (typeof secret !== 'string' || secret.length < minLength || !/^[\x21-\x7e]+$/.test(secret)) {
      checks.fail(key, `must hold secrets of at least ${minLength} visible ASCII characters`);
    }
  }
  return [...(value as string[])];
}
