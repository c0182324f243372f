import { metrics, trace } from '@opentelemetry/api';
import type { Meter, MeterProvider, Tracer } from '@opentelemetry/api';

/** The instrumentation scope of every span and metric the package makes: its npm name and version. */
export const TELEMETRY_SCOPE = { name: 'nestjs-nomos-portal', version: '0.1.0' } as const;

/**
 * The package's tracer. The global API hands out a proxy that follows whichever provider the host
 * registers, so taking it once is safe even before the host's SDK starts.
 */
export function portalTracer(): Tracer {
  return trace.getTracer(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version);
}

/**
 * Something made once per meter provider. The metrics API has no proxy provider: a meter taken before
 * the host registers its SDK (or after `metrics.disable()`) stays a no-op forever, so instruments are
 * rebuilt whenever the global provider changes. One identity check per record.
 */
export function perMeterProvider<T>(create: (meter: Meter) => T): () => T {
  let cached: { provider: MeterProvider; value: T } | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (cached?.provider !== provider) {
      cached = { provider, value: create(provider.getMeter(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version)) };
    }
    return cached.value;
  };
}
