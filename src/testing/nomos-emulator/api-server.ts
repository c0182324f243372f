import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { errorReply, type ApiReply } from './api-reply.js';
import { dispatch, type DispatchEnv } from './api-routes.js';
import { randomId } from './emulator-state.js';
import type { AnsweredRequest } from './emulator.types.js';
import { parseBody, readBody } from './request-body.js';

/** Only to parse request targets; never contacted. */
const BASE_URL = 'http://emulator.invalid';

/** The dispatcher's needs plus the knobs the emulator changes at run time. */
export interface ApiServerEnv extends DispatchEnv {
  latencyMs(): number;
  /** Aborted by `stop()`, so delayed answers do not keep timers alive. */
  signal: AbortSignal;
  /** Called once per answered request of a counted route. */
  record(answer: AnsweredRequest): void;
  /** Called once per API request but `/health`, when it arrives (for the per-window call counts). */
  arrived(at: number): void;
}

/**
 * Answers one API request: parse, dispatch, wait the configured latency, write. Never logs; errors of
 * the client's socket are ignored (a client that went away gets nothing).
 */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, env: ApiServerEnv): Promise<void> {
  try {
    const arrivedAt = performance.now();
    const requestId = `req_${randomId(12)}`;
    const sentVersion = req.headers['x-api-version'];
    const version = typeof sentVersion === 'string' && sentVersion !== '' ? sentVersion : env.ctx.config.apiVersion;
    const target = req.url ?? '/';
    if (!URL.canParse(target, BASE_URL))
      return writeReply(res, errorReply(400, 'Malformed request target'), requestId, version);
    const url = new URL(target, BASE_URL);
    if (url.pathname !== '/health') env.arrived(arrivedAt);
    const body = parseBody(await readBody(req), req.headers['content-type']);
    const { reply, faultRoute } = dispatch(
      { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body },
      env,
    );
    // A hang keeps the response open; stop() destroys its socket.
    if (reply === 'hang') return;
    const latency = env.latencyMs();
    if (latency > 0) await delay(latency, undefined, { signal: env.signal });
    if (faultRoute === 'mint') {
      env.counters.mintByStatus[reply.status] = (env.counters.mintByStatus[reply.status] ?? 0) + 1;
    }
    writeReply(res, reply, requestId, version);
    if (faultRoute) {
      const sentId = req.headers['x-request-id'];
      const retryAfter = reply.headers?.['Retry-After'];
      env.record({
        route: faultRoute,
        status: reply.status,
        clientRequestId: typeof sentId === 'string' ? sentId : undefined,
        arrivedAt,
        answeredAt: performance.now(),
        retryAfterSec: retryAfter === undefined ? undefined : Number(retryAfter),
      });
    }
  } catch {
    if (!res.headersSent && !res.destroyed) res.destroy();
  }
}

function writeReply(res: ServerResponse, reply: ApiReply, requestId: string, version: string): void {
  let payload: string;
  let contentType: string;
  if (reply.text !== undefined) {
    payload = reply.text;
    contentType = 'text/plain; charset=utf-8';
  } else {
    const json = reply.envelope ? { ...(reply.json as object), requestId } : reply.json;
    payload = JSON.stringify(json ?? null);
    contentType = 'application/json';
  }
  res.writeHead(reply.status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
    'X-API-Version': version,
    'X-Request-Id': requestId,
    ...reply.headers,
  });
  res.end(payload);
}
