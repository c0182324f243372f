import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

let exporter: PrometheusExporter | undefined;

/**
 * The host's side of the package's metrics: an OTel SDK MeterProvider whose reader is the Prometheus
 * exporter, registered as the global provider before the Nest app is created (the package records
 * through @opentelemetry/api only and never installs an SDK). One per process: the global provider
 * can be set once, and tests start several example apps in one process.
 * The exporter's own HTTP server stays off; the app serves its text at `GET /metrics`.
 */
export function examplePrometheus(): PrometheusExporter {
  if (!exporter) {
    exporter = new PrometheusExporter({ preventServerStart: true });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  }
  return exporter;
}
