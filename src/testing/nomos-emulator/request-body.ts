import type { IncomingMessage } from 'node:http';

/** Bodies larger than this are refused; nothing the emulated endpoints take comes close. */
const MAX_BODY_BYTES = 64 * 1024;

/** A request body read and parsed by its `Content-Type`. */
export type ParsedBody =
  { kind: 'empty' } | { kind: 'fields'; fields: Record<string, unknown> } | { kind: 'invalid'; message: string };

/** Reads the whole body (bounded). Resolves `undefined` when it is too large. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a form (`application/x-www-form-urlencoded`, what OAuth clients send) or JSON body (what the
 * spec documents). Anything that is not a JSON object is invalid: every emulated endpoint takes an object.
 */
export function parseBody(raw: string | undefined, contentType: string | undefined): ParsedBody {
  if (raw === undefined) return { kind: 'invalid', message: 'Request body too large' };
  if (raw.trim() === '') return { kind: 'empty' };
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'fields', fields: Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { kind: 'invalid', message: 'Request body must be a JSON object' };
    }
    return { kind: 'fields', fields: value as Record<string, unknown> };
  } catch {
    return { kind: 'invalid', message: 'Malformed JSON in request body' };
  }
}

/** The body's fields, or an empty object for an empty or invalid body. */
export function bodyFields(body: ParsedBody): Record<string, unknown> {
  return body.kind === 'fields' ? body.fields : {};
}
