import { ValueType } from '@opentelemetry/api';
import type { Meter } from '@opentelemetry/api';
import { codeAttribute } from './telemetry-attributes.js';
import { perMeterProvider } from './telemetry-scope.js';

/** Metric names, as the OTel meter sees them (Prometheus shows the dots as underscores). */
export const PORTAL_METRICS = {
  mints: 'nomos_portal.magic_link.mints',
  nomosDuration: 'nomos_portal.nomos.call.duration',
  nomosRetries: 'nomos_portal.nomos.retries',
  tokenRefreshes: 'nomos_portal.nomos.token.refreshes',
  samlSignIns: 'nomos_portal.saml.sign_ins',
  pacingQueueDepth: 'nomos_portal.nomos.pacing.queue_depth',
  certDaysLeft: 'nomos_portal.saml.certificate.days_left',
} as const;

/** A certificate the SAML part relies on, as the days-left gauge reports it. */
export interface ObservedCertificate {
  use: string;
  fingerprint: string;
  notAfter: Date;
}

// Fed by whoever owns the value (the limiter, the SAML certificates); read at each collection.
const pacingSources = new Set<() => number>();
const certificateSources = new Set<() => readonly ObservedCertificate[]>();
const DAY_MS = 86_400_000;

const instruments = perMeterProvider((meter: Meter) => {
  const mints = meter.createCounter(PORTAL_METRICS.mints, {
    description: 'Requests for a magic link, by audit outcome and error code',
    valueType: ValueType.INT,
  });
  const nomosDuration = meter.createHistogram(PORTAL_METRICS.nomosDuration, {
    description: 'Duration of one Nomos API call, retries and token waits included, by operation',
    unit: 'ms',
    advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] },
  });
  const nomosRetries = meter.createCounter(PORTAL_METRICS.nomosRetries, {
    description: 'Nomos API attempts beyond the first of a call (backoff retries and the 401 re-try)',
    valueType: ValueType.INT,
  });
  const tokenRefreshes = meter.createCounter(PORTAL_METRICS.tokenRefreshes, {
    description: 'Requests to the Nomos token endpoint, by grant and outcome',
    valueType: ValueType.INT,
  });
  const samlSignIns = meter.createCounter(PORTAL_METRICS.samlSignIns, {
    description: 'SAML responses at the ACS, by outcome and reason',
    valueType: ValueType.INT,
  });
  meter
    .createObservableGauge(PORTAL_METRICS.pacingQueueDepth, {
      description: 'Calls waiting for a slot under the Nomos rate limit',
      valueType: ValueType.INT,
    })
    .addCallback((result) => {
      if (pacingSources.size === 0) return;
      let depth = 0;
      for (const read of pacingSources) depth += read();
      result.observe(depth);
    });
  meter
    .createObservableGauge(PORTAL_METRICS.certDaysLeft, {
      description: 'Days until a SAML certificate expires (negative once expired), by use',
      unit: 'd',
    })
    .addCallback((result) => {
      const now = Date.now();
      for (const read of certificateSources)
        for (const cert of read())
          result.observe(Math.floor((cert.notAfter.getTime() - now) / DAY_MS), {
            use: cert.use,
            fingerprint: cert.fingerprint,
          });
    });
  return { mints, nomosDuration, nomosRetries, tokenRefreshes, samlSignIns };
});

/**
 * Creates the instruments on the current global meter provider now, so the gauges report from the
 * first collection even before any traffic. The module calls it at start; instruments follow a later
 * provider change by themselves on the next record.
 */
export function startPortalMetrics(): void {
  instruments();
}

/** One request for a link ended with `outcome` (the audit row's final state). */
export function recordMintOutcome(outcome: string, errorCode?: string | null): void {
  instruments().mints.add(1, { outcome, code: codeAttribute(errorCode) });
}

/** One Nomos API call ended: its duration, and the attempts it made after the first. */
export function recordNomosCall(operation: string, durationMs: number, outcome: string, retries: number): void {
  const { nomosDuration, nomosRetries } = instruments();
  nomosDuration.record(durationMs, { operation, outcome });
  if (retries > 0) nomosRetries.add(retries, { operation });
}

/** One request to the token endpoint ended. */
export function recordTokenRefresh(grant: string, outcome: string): void {
  instruments().tokenRefreshes.add(1, { grant, outcome });
}

/** One SAML response at the ACS was accepted or refused; `reason` is a category, never message text. */
export function recordSamlSignIn(outcome: 'accepted' | 'rejected', reason: string): void {
  instruments().samlSignIns.add(1, { outcome, reason });
}

/**
 * Feeds the pacing queue depth gauge: `read` is called at each collection and returns how many calls
 * wait for the Nomos rate limiter now. Several sources (module instances) are summed.
 * @returns a function that stops reporting this source (call it when the limiter shuts down)
 * @example const stop = registerPacingQueueDepth(() => this.queue.length); // in onModuleDestroy: stop()
 */
export function registerPacingQueueDepth(read: () => number): () => void {
  pacingSources.add(read);
  return () => void pacingSources.delete(read);
}

/**
 * Feeds the certificate days-left gauge: `read` is called at each collection.
 * @returns a function that stops reporting this source
 */
export function registerCertificateExpiries(read: () => readonly ObservedCertificate[]): () => void {
  certificateSources.add(read);
  return () => void certificateSources.delete(read);
}
