// The Nomos every target of `npm run bench` meets: the project's emulator (true to openapi.json) in
// its own process, with no latency and a rate limit far above the load, so the figures are about
// the targets. The parent asks for its counters between rounds.
import { generateCustomers, NomosEmulator } from '../../src/testing/index.js';
import { childSide } from './child.js';

interface DoubleConfig {
  clientId: string;
  clientSecret: string;
  customers: number;
}

const config = JSON.parse(process.env.BENCH_CHILD ?? '{}') as DoubleConfig;
const emulator = new NomosEmulator({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  customers: generateCustomers(config.customers, 'bench-power'),
  rateLimit: { limit: 1_000_000_000, windowSec: 1 },
});
const side = childSide<DoubleConfig>({
  counts: () => ({ mints: emulator.counters.mintRequests, tokens: emulator.counters.tokenRequests }),
});
await emulator.start();
process.once('SIGTERM', () => void emulator?.stop().then(() => process.exit(0)));
side.ready({ apiUrl: emulator.apiUrl });
