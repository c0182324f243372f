import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { definedAttributes, errorCodeOf } from './telemetry-attributes.js';
import { portalTracer } from './telemetry-scope.js';

/** Attributes a span starts with: plain values, `undefined` ones left out. */
export type SpanStartAttributes = Record<string, string | number | boolean | undefined>;

/**
 * Runs `work` inside an active span named `name` and ends it. A failure sets the status to ERROR with
 * the error's machine code as both the status message and `nomos_portal.outcome.code`; the error's
 * message and stack are never recorded (upstream messages may quote what was sent).
 */
export async function inSpan<T>(
  name: string,
  attributes: SpanStartAttributes,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return portalTracer().startActiveSpan(name, { kind, attributes: definedAttributes(attributes) }, async (span) => {
    try {
      const result = await work(span);
      span.setAttribute('nomos_portal.outcome', 'ok');
      return result;
    } catch (error) {
      const code = errorCodeOf(error);
      span.setAttributes({ 'nomos_portal.outcome': 'error', 'nomos_portal.outcome.code': code });
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw error;
    } finally {
      span.end();
    }
  });
}
