// The fleet's load balancer: a loopback HTTP proxy handing each request to the next replica in turn,
// with no stickiness (a sign-in's login, ACS and completion land on different replicas) and no health
// check (a dead replica's turn answers 502, which the load generator counts).
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { listenOn, closeServer } from './listen.js';

/** The proxy, listening. */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Answers 502 so far (a replica was gone or cut the connection). */
  readonly badGateways: number;
  /** Requests handed to each replica port. */
  readonly perTarget: ReadonlyMap<number, number>;
  close(): Promise<void>;
}

/** Starts the proxy on `port` (0: any free one) in front of replicas listening on `targets`. */
export async function startRoundRobinProxy(targets: number[], port = 0): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const perTarget = new Map(targets.map((t) => [t, 0]));
  let next = 0;
  let badGateways = 0;
  const server: Server = createServer((req, res) => {
    const target = targets[next++ % targets.length];
    perTarget.set(target, (perTarget.get(target) ?? 0) + 1);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('error', () => res.destroy());
      },
    );
    upstream.once('error', () => {
      if (res.headersSent) return void res.destroy();
      badGateways++;
      res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('bad gateway\n');
    });
    req.pipe(upstream);
  });
  const url = await listenOn(server, port);
  return {
    url,
    get badGateways() {
      return badGateways;
    },
    perTarget,
    close: async () => {
      agent.destroy();
      await closeServer(server);
    },
  };
}
