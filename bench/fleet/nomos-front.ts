// A pass-through in front of the Nomos emulator: it timestamps every API request as it arrives (for
// the busiest 1-second window the emulator saw) and injects the one fault the emulator has no knob
// for, a connection reset. A reset is cut only after the emulator answered: Nomos did the work (a
// mint call it counts, a link it minted) and the client sees ECONNRESET, the case that tests whether
// attempts are counted at all.
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { closeServer, listenOn } from './listen.js';

/** The front, listening. */
export interface NomosFront {
  /** Give this to the replicas as `nomos.baseUrl`. */
  url: string;
  /** Arrival times (`performance.now()`) of `POST /admin/magic_link`. */
  readonly mintArrivals: readonly number[];
  /** Arrival times of every API request (token, mint, customers: what the vendor's limit counts). */
  readonly allArrivals: readonly number[];
  /** Resets done so far. */
  readonly resets: number;
  /** Cuts the connection of the next `times` mint requests after the emulator answers them. */
  resetNextMints(times: number): void;
  close(): Promise<void>;
}

/** Starts the front for the emulator API at `emulatorUrl`. */
export async function startNomosFront(emulatorUrl: string): Promise<NomosFront> {
  const upstreamPort = Number(new URL(emulatorUrl).port);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const mintArrivals: number[] = [];
  const allArrivals: number[] = [];
  let pendingResets = 0;
  let resets = 0;
  const server: Server = createServer((req, res) => {
    const now = performance.now();
    allArrivals.push(now);
    const isMint = req.method === 'POST' && (req.url ?? '').split('?')[0] === '/admin/magic_link';
    if (isMint) mintArrivals.push(now);
    const reset = isMint && pendingResets > 0;
    if (reset) pendingResets--;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        if (reset) {
          resets++;
          answer.resume();
          // resetAndDestroy sends a TCP RST, as a dropped connection through a middlebox would.
          req.socket.resetAndDestroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => res.destroy());
    // A client that gave up (timeout) must not leave the emulator's hang open forever on our side.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  const url = await listenOn(server, 0);
  return {
    url,
    mintArrivals,
    allArrivals,
    get resets() {
      return resets;
    },
    resetNextMints(times) {
      pendingResets += times;
    },
    close: async () => {
      agent.destroy();
      await closeServer(server);
    },
  };
}

/** The most timestamps (ms, any order) in any window `[t, t + windowMs)`. */
export function busiestWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
