import type { ApiContext, ApiRequest } from './api-context.js';
import { errorReply, type ApiReply } from './api-reply.js';
import { getCustomerRoute, listCustomersRoute } from './customers.route.js';
import type { EmulatorCounters, EmulatorFault, FaultRoute } from './emulator.types.js';
import type { FaultQueue } from './fault-queue.js';
import { magicLinkRoute } from './magic-link.route.js';
import { getLeadRoute, getSubscriptionRoute } from './subscriptions.route.js';
import type { RateLimiter } from './rate-limiter.js';
import { grantTypeOf, tokenRoute } from './token.route.js';

type RouteHandler = (req: ApiRequest, ctx: ApiContext) => ApiReply;

interface RouteEntry {
  pattern: RegExp;
  /** Names of the pattern's capture groups, in order. */
  params?: string[];
  /** Counted and faultable under this name. */
  faultRoute?: FaultRoute;
  methods: Record<string, RouteHandler>;
}

const ROUTES: RouteEntry[] = [
  { pattern: /^\/health$/, methods: { GET: () => ({ status: 200, text: 'OK' }) } },
  { pattern: /^\/oauth\/token$/, faultRoute: 'token', methods: { POST: tokenRoute } },
  { pattern: /^\/admin\/magic_link$/, faultRoute: 'mint', methods: { POST: magicLinkRoute } },
  { pattern: /^\/customers$/, faultRoute: 'customers', methods: { GET: listCustomersRoute } },
  { pattern: /^\/customers\/([^/]+)$/, params: ['id'], faultRoute: 'customers', methods: { GET: getCustomerRoute } },
  // Not counted or faultable (no FaultRoute of their own yet), so outside the rate limit too.
  { pattern: /^\/subscriptions\/([^/]+)$/, params: ['id'], methods: { GET: getSubscriptionRoute } },
  { pattern: /^\/leads\/([^/]+)$/, params: ['id'], methods: { GET: getLeadRoute } },
];

/** What the dispatcher needs besides the routes' own context. */
export interface DispatchEnv {
  ctx: ApiContext;
  faults: FaultQueue;
  counters: EmulatorCounters;
  /** Absent when the emulator has no rate limit. */
  rateLimiter?: RateLimiter;
}

/** The route a request matched, for recording its outcome. */
export type Dispatched = { reply: ApiReply | 'hang'; faultRoute?: FaultRoute };

/**
 * Finds the route, counts the request, applies the rate limit (a refused request is counted too,
 * and leaves queued faults alone), then answers an injected fault if one is queued (so faulted
 * requests are counted like real ones), else the route's own answer.
 */
export function dispatch(req: Omit<ApiRequest, 'params'>, env: DispatchEnv): Dispatched {
  const entry = ROUTES.find((route) => route.pattern.test(req.path));
  if (!entry) return { reply: errorReply(404, `Route ${req.method} ${req.path} not found`) };
  const handler = entry.methods[req.method];
  if (!handler) {
    const allow = Object.keys(entry.methods).join(', ');
    return { reply: { ...errorReply(405, 'Method not allowed'), headers: { Allow: allow } } };
  }

  const match = entry.pattern.exec(req.path)!;
  const params: Record<string, string> = {};
  entry.params?.forEach((name, i) => (params[name] = safeDecode(match[i + 1])));
  const request: ApiRequest = { ...req, params };

  if (!entry.faultRoute) return { reply: handler(request, env.ctx) };
  count(entry.faultRoute, request, env.counters);
  const verdict = env.rateLimiter?.take();
  if (verdict && !verdict.allowed) {
    env.counters.rateLimited++;
    // The message the spec's ErrTooManyRequests example uses ("Wait 30 seconds before retrying.").
    const refused = errorReply(429, `Wait ${verdict.retryAfterSec} seconds before retrying.`);
    return { reply: { ...refused, headers: verdict.headers }, faultRoute: entry.faultRoute };
  }
  const fault = env.faults.take(entry.faultRoute);
  const reply = fault ? faultReply(fault) : handler(request, env.ctx);
  if (reply === 'hang' || !verdict) return { reply, faultRoute: entry.faultRoute };
  return { reply: { ...reply, headers: { ...verdict.headers, ...reply.headers } }, faultRoute: entry.faultRoute };
}

function count(route: FaultRoute, req: ApiRequest, counters: EmulatorCounters): void {
  if (route === 'token') {
    counters.tokenRequests++;
    const grant = grantTypeOf(req);
    counters.tokenByGrant[grant] = (counters.tokenByGrant[grant] ?? 0) + 1;
  } else if (route === 'mint') {
    counters.mintRequests++;
  } else {
    counters.customerRequests++;
  }
}

function faultReply(fault: EmulatorFault): ApiReply | 'hang' {
  if ('hang' in fault) return 'hang';
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (fault.body === undefined) {
    const message =
      fault.status === 429 && fault.retryAfter !== undefined
        ? `Wait ${fault.retryAfter} seconds before retrying.`
        : undefined;
    return { ...errorReply(fault.status, message), headers };
  }
  if (typeof fault.body === 'string') return { status: fault.status, text: fault.body, headers };
  return { status: fault.status, json: fault.body, headers };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
