import { metrics, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { DataPoint, MetricData } from '@opentelemetry/sdk-metrics';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A reader that collects only when asked: the test pulls, nothing runs on a timer. */
class PullReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One exported metric point, flattened. */
export interface MetricPoint {
  name: string;
  attributes: Attributes;
  value: DataPoint<unknown>['value'];
}

/**
 * The OTel SDK as a host would install it, registered globally for one test file: spans into an
 * in-memory exporter, metrics through a pull reader. The package itself only ever sees the API.
 */
export class OtelHarness {
  readonly spans = new InMemorySpanExporter();
  private readonly reader = new PullReader();
  private readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.spans)] });
  private readonly meterProvider = new MeterProvider({ readers: [this.reader] });

  install(): this {
    trace.setGlobalTracerProvider(this.tracerProvider);
    metrics.setGlobalMeterProvider(this.meterProvider);
    return this;
  }

  /** Shuts the SDK down and puts the global API back to its no-op state (it is process-global). */
  async uninstall(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    trace.disable();
    metrics.disable();
  }

  finished(name?: string): ReadableSpan[] {
    return this.spans.getFinishedSpans().filter((span) => name === undefined || span.name === name);
  }

  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics } = await this.reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  }

  async points(name: string): Promise<MetricPoint[]> {
    const metric = (await this.metrics()).find((m) => m.descriptor.name === name);
    return (metric?.dataPoints ?? []).map((p) => ({ name, attributes: p.attributes, value: p.value }));
  }

  /** Every string the exports hold: span names, attributes, status messages, events; metric names and attributes. */
  async exportedText(): Promise<string> {
    const parts: unknown[] = [];
    for (const span of this.spans.getFinishedSpans())
      parts.push(span.name, span.attributes, span.status, span.events, span.links, span.resource.attributes);
    for (const metric of await this.metrics())
      parts.push(
        metric.descriptor,
        metric.dataPoints.map((p) => p.attributes),
      );
    return JSON.stringify(parts);
  }

  /** Scope names of every exported span and metric (the package names its tracer and meter). */
  async scopes(): Promise<string[]> {
    const { resourceMetrics } = await this.reader.collect();
    const spanScopes = this.spans
      .getFinishedSpans()
      .map((s) => `${s.instrumentationScope.name}@${s.instrumentationScope.version}`);
    const metricScopes = resourceMetrics.scopeMetrics.map((s) => `${s.scope.name}@${s.scope.version}`);
    return [...new Set([...spanScopes, ...metricScopes])];
  }
}

/** The sum of a counter's points whose attributes include `match`. */
export function sumOf(points: MetricPoint[], match: Attributes = {}): number {
  return points
    .filter((p) => Object.entries(match).every(([key, value]) => p.attributes[key] === value))
    .reduce((total, p) => total + (typeof p.value === 'number' ? p.value : 0), 0);
}
