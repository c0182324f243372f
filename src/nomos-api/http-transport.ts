import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { NomosAbortedError, NomosConnectionError, NomosTimeoutError, invalidResponse } from './nomos-api.errors.js';
import type { ResponseHeaders } from './error-mapper.js';
import type { ResolvedNomosApiOptions } from './nomos-api.options.js';
import { LateSendError, sendGateInterceptor, withSendGate } from './send-gate.js';

/** Package version sent in `User-Agent`; a spec checks it matches package.json. */
export const NOMOS_PORTAL_VERSION = '0.1.0';
/** `User-Agent` of every request to Nomos. */
export const NOMOS_USER_AGENT = `nestjs-nomos-portal/${NOMOS_PORTAL_VERSION}`;
// Far above any real answer (a 100-customer page is ~30 KB); stops a broken upstream filling memory.
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One HTTP request to Nomos, path relative to `baseUrl`. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Per-attempt limits set by the caller's deadline and cancellation. */
export interface TransportLimits {
  /** Time limit of this attempt in ms; never more than the `timeoutMs` option. @default options.timeoutMs */
  timeoutMs?: number;
  /** Cuts the attempt (socket included) when it fires; the attempt then rejects with `NomosAbortedError`. */
  signal?: AbortSignal;
  /**
   * Awaited before the request goes out (before pacing's wait, so that a slow write cannot push a
   * paced call past its slot), e.g. to record the attempt durably first; when it rejects nothing is
   * sent and the attempt rejects with that error.
   */
  beforeSend?: () => Promise<void>;
  /**
   * Called synchronously as the request is written to its socket: not when it fails before (refused
   * by pacing, a connection that could not be made, too late to send).
   */
  onSend?: () => void;
  /**
   * A `performance.now()` time by which the request must be written; still queued in the pool then,
   * it is not sent and the attempt rejects with `LateSendError` (pacing re-reserves its slot).
   */
  sendBy?: number;
}

/** A response with its body read: parsed JSON, raw text when not JSON, `undefined` when empty. */
export interface TransportResponse {
  statusCode: number;
  headers: ResponseHeaders;
  body: unknown;
}

/**
 * A single HTTP attempt over an undici keep-alive `Pool` (global `fetch` costs ~5x the CPU). Adds the
 * headers every Nomos call carries, enforces `timeoutMs` over the whole attempt and turns network
 * failures into `NomosConnectionError` / `NomosTimeoutError`. Knows nothing of tokens or retries.
 */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly dispatcher: Dispatcher;
  private readonly basePath: string;
  private closing?: Promise<void>;

  constructor(private readonly options: ResolvedNomosApiOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    this.dispatcher = this.pool.compose(sendGateInterceptor);
  }

  /** Sends one attempt; any HTTP status resolves, only transport failures reject. */
  async send(req: TransportRequest, limits: TransportLimits = {}): Promise<TransportResponse> {
    const caller = limits.signal;
    if (caller?.aborted) throw new NomosAbortedError();
    if (limits.beforeSend) {
      await limits.beforeSend();
      if (caller?.aborted) throw new NomosAbortedError();
    }
    const timeoutMs = Math.max(1, Math.ceil(Math.min(this.options.timeoutMs, limits.timeoutMs ?? Infinity)));
    // headersTimeout/bodyTimeout are per phase; this timer bounds the whole attempt, including a
    // server that trickles its body byte by byte.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const cut = () => controller.abort();
    caller?.addEventListener('abort', cut, { once: true });
    try {
      const dispatch = {
        method: req.method,
        path: this.basePath + req.path,
        headers: {
          accept: 'application/json',
          'user-agent': NOMOS_USER_AGENT,
          'x-api-version': this.options.apiVersion,
          ...req.headers,
        },
        body: req.body,
        signal: controller.signal,
      };
      const res = await this.dispatcher.request(
        withSendGate(dispatch, { sendBy: limits.sendBy, onWrite: limits.onSend }),
      );
      const text = await res.body.text();
      return { statusCode: res.statusCode, headers: res.headers, body: parseBody(text) };
    } catch (err) {
      if (caller?.aborted) throw new NomosAbortedError();
      if (err instanceof LateSendError) throw err;
      throw this.toNomosError(err, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', cut);
    }
  }

  /** Closes the pool after in-flight requests finish; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.pool.close();
    return this.closing;
  }

  private toNomosError(err: unknown, aborted: boolean, timeoutMs: number): Error {
    const code = (err as { code?: unknown })?.code;
    if (
      aborted ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT'
    ) {
      return new NomosTimeoutError(`Nomos API did not answer within ${timeoutMs} ms`, { retryable: true });
    }
    if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
      return invalidResponse(`body larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    // After close(), or for a request undici rejects as malformed, retrying cannot help; everything
    // else (refused, reset, DNS) may be transient.
    const final =
      err instanceof undiciErrors.ClientClosedError ||
      err instanceof undiciErrors.ClientDestroyedError ||
      err instanceof undiciErrors.InvalidArgumentError;
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown error';
    return new NomosConnectionError(`Could not reach the Nomos API (${reason})`, {
      retryable: !final,
      cause: err,
    });
  }
}

// Error bodies are not always JSON (proxies send HTML); such text is kept only so the error mapper
// can ignore it. A 2xx with unparseable text is rejected later by the response checks.
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
