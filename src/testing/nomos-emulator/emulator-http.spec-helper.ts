import { request, type IncomingHttpHeaders } from 'node:http';
import type { EmulatorCustomer } from './emulator.types.js';
import type { NomosEmulator } from './nomos-emulator.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from './rate-limiter.js';

/**
 * A rate limit above what one emulator spec sends in a second, for specs about something else
 * (shapes, credentials, filters, faults): the emulator stays strict and still sends `ratelimit-*`
 * headers; the documented limit itself is specified in rate-limit.spec.ts.
 */
export const ABOVE_SPEC_LOAD = RATE_LIMIT_ABOVE_TEST_LOAD;

/**
 * The fields of every JSON body the emulator answers with (token, error envelope, customer page, link),
 * in one type: a spec reads the ones its assertion is about, and a misspelt field fails to compile.
 */
export interface EmulatorBody {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  code: string;
  message: string;
  requestId: string;
  docs: string;
  errors: Array<{ code: string; field: string; message: string }>;
  items: EmulatorCustomer[];
  has_more: boolean;
  next_page: string | null;
  link: string;
}

/** A raw answer from the emulator's API. */
export interface ApiResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body when it is JSON, else undefined (typed as a body so a spec reads a field without a cast). */
  json: EmulatorBody;
}

/** Options of {@link callApi}. */
export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Raw body, with whatever `Content-Type` `headers` sets. */
  raw?: string;
  bearer?: string;
  /** HTTP Basic client credentials, form-urlencoded before base64 as RFC 6749 §2.3.1 requires. */
  basic?: [id: string, secret: string];
  /** HTTP Basic without the form-encoding step (what a non-conforming client sends). */
  rawBasic?: [id: string, secret: string];
  /** Abort after this long (for hanging requests). @default 10000 */
  timeoutMs?: number;
}

/** One request to the emulator over a fresh connection (no agent, so no socket outlives a test). */
export function callApi(
  emulator: NomosEmulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  } else if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  const basic = options.basic ? options.basic.map(formEncode) : options.rawBasic;
  if (basic) headers.Authorization = `Basic ${Buffer.from(basic.join(':')).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.apiUrl}${path}`,
      { method, headers, agent: false, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: EmulatorBody | undefined;
          try {
            json = JSON.parse(text) as EmulatorBody;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: json as EmulatorBody });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** `application/x-www-form-urlencoded` encoding of one value (space → `+`, reserved → `%XX`). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** A fresh access token from the client-credentials grant, with the emulator's default client. */
export async function fetchToken(
  emulator: NomosEmulator,
  basic: [string, string] = ['test-client', 'test-secret'],
): Promise<string> {
  const res = await callApi(emulator, 'POST', '/oauth/token', { basic, form: { grant_type: 'client_credentials' } });
  if (res.status !== 200) throw new Error(`token request failed with ${res.status}`);
  return res.json.access_token;
}

/** Mints a link for `customerId` and returns it. */
export async function mintLink(emulator: NomosEmulator, token: string, customerId: string): Promise<string> {
  const res = await callApi(emulator, 'POST', '/admin/magic_link', { bearer: token, json: { customerId } });
  if (res.status !== 200) throw new Error(`mint failed with ${res.status}`);
  return res.json.link;
}
