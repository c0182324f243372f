// The load generator of `npm run bench`, in its own process: autocannon against one target for one
// round, top-level navigations to /portal with the people's session cookies taken in turn. A round is
// a number of clicks, not a duration, so every click it starts is answered before the round's mints
// are counted (a timed round would leave clicks in flight that mint after it ends).
import { createRequire } from 'node:module';
import { childSide } from './child.js';

/** One round of load. */
export interface RoundLoad {
  url: string;
  cookies: string[];
  amount: number;
  connections: number;
}

/** What one round saw. */
export interface RoundResult {
  requests: number;
  byStatus: Record<string, number>;
  errors: number;
  p50: number;
  p99: number;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: object) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const side = childSide<Record<string, never>>({
  run: async (body) => {
    const load = body as RoundLoad;
    let turn = 0;
    const result = await autocannon({
      url: `${load.url}/portal`,
      connections: load.connections,
      amount: load.amount,
      headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-site': 'same-origin' },
      requests: [
        {
          setupRequest: (request: { headers: Record<string, string> }) => {
            request.headers = { ...request.headers, cookie: load.cookies[turn++ % load.cookies.length] };
            return request;
          },
        },
      ],
    });
    const byStatus: Record<string, number> = {};
    for (const [status, stat] of Object.entries(result.statusCodeStats)) byStatus[status] = stat.count;
    const answer: RoundResult = {
      requests: result.requests.total,
      byStatus,
      errors: result.errors + result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
    return answer;
  },
});
side.ready({});
