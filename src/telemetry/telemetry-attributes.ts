import { isSafeRequestId } from '../common/request-id.js';

// Error codes come from our own closed unions or from Nomos's error body (an outside value): only an
// upper-case identifier becomes an attribute, so a hostile body can neither inject text nor blow up
// the metric's cardinality.
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A machine code fit for a span or metric attribute, `OTHER` for anything else, `NONE` when absent. */
export function codeAttribute(code: unknown): string {
  if (code === undefined || code === null || code === '') return 'NONE';
  return typeof code === 'string' && CODE.test(code) ? code : 'OTHER';
}

/** A request id fit for a span attribute (the shape `isSafeRequestId` accepts), else nothing. */
export function requestIdAttribute(id: unknown): string | undefined {
  return isSafeRequestId(id) ? id : undefined;
}

/** The machine code an error carries (`code`, or a Nomos error's `nomosCode`), read without trusting its shape. */
export function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'OTHER';
  const { code, nomosCode } = error as { code?: unknown; nomosCode?: unknown };
  return codeAttribute(nomosCode ?? code ?? 'OTHER');
}

/** Attributes without the `undefined` ones (OTel drops them anyway; this keeps exported records tidy). */
export function definedAttributes(
  attributes: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined)) as Record<
    string,
    string | number | boolean
  >;
}
