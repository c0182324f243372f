import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The vendor spec the emulator must match (OpenAPI 3.0). */
const SPEC_FILE = new URL('../../../test/fixtures/nomos-openapi.json', import.meta.url);
const SPEC_ID = 'nomos-openapi.json';

/**
 * OpenAPI 3.0 schema objects → JSON Schema: `nullable: true` becomes a `null` alternative, `example`
 * goes (not a JSON Schema keyword). Property names are left alone, whatever they are called.
 */
export function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'example' || key === 'nullable') continue;
    out[key] =
      key === 'properties' && value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, openApiToJsonSchema(schema)]))
        : openApiToJsonSchema(value);
  }
  if (source.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

let ajv: Ajv | undefined;

function spec(): Ajv {
  if (ajv) return ajv;
  const document = openApiToJsonSchema(JSON.parse(readFileSync(SPEC_FILE, 'utf8'))) as object;
  // logger: false keeps Ajv's "unknown keyword" notes out of the test output.
  ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  // The whole document is one schema, so its own `#/components/schemas/...` refs resolve as written.
  ajv.addSchema(document, SPEC_ID);
  return ajv;
}

/** JSON-pointer escaping of one path segment (`/customers/{id}` → `~1customers~1{id}`). */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A validator for the JSON response the spec documents for `method path` and `status`.
 * @throws when the spec has no such response.
 */
export function responseValidator(path: string, method: string, status: number): ValidateFunction {
  const pointer = [
    'paths',
    path,
    method.toLowerCase(),
    'responses',
    String(status),
    'content',
    'application/json',
    'schema',
  ]
    .map(escapePointer)
    .join('/');
  const ref = `${SPEC_ID}#/${pointer}`;
  const validator = spec().getSchema(ref);
  if (!validator) throw new Error(`The spec documents no JSON response for ${method} ${path} ${status}`);
  return validator;
}

/** Ajv's errors as one readable line, for assertion messages. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}
