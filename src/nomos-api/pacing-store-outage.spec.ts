import { NomosApiClient } from './nomos-api.client.js';
import { CapturingLogger, NomosTestServer, sendJson, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';
import { NomosBusyError } from './pacing.errors.js';
import { resolveRateLimit, type NomosRateLimitOptions } from './pacing.options.js';
import { MemoryRateLimitStore, type PacingPolicy, type RateLimitStore } from './rate-limit-store.js';

const CUSTOMER = { id: 'cus_1', type: 'person', email: 'a@b.example', created_at: '2026-01-01T00:00:00.000Z' };

/** A shared store that can be switched off, as Redis or the database during an outage. */
class SwitchableStore implements RateLimitStore {
  down = false;
  private readonly inner = new MemoryRateLimitStore();
  reserve(policy: PacingPolicy, maxWaitMs: number) {
    return this.down
      ? Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:6379'))
      : this.inner.reserve(policy, maxWaitMs);
  }
  holdOff(key: string, delayMs: number) {
    return this.down ? Promise.reject(new Error('connect ECONNREFUSED')) : this.inner.holdOff(key, delayMs);
  }
}

function busiest(at: number[], windowMs: number): number {
  return Math.max(0, ...at.map((start) => at.filter((t) => t >= start && t < start + windowMs).length));
}

// Invariant 10 while the shared store fails: the fleet stays under the limit, so a replica either
// paces at its share (fleetSize) or calls nothing.
describe('NomosApiClient pacing while the shared store fails', () => {
  let server: NomosTestServer;
  const store = new SwitchableStore();
  const logger = new CapturingLogger();
  const clients: NomosApiClient[] = [];
  const client = (rateLimit: NomosRateLimitOptions) => {
    const c = new NomosApiClient(server.options({ rateLimit: { store, ...rateLimit } }), logger);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    const routes: Record<string, Route> = {
      'POST /oauth/token': tokenRoute(),
      'GET /customers/cus_1': (_req, res) => sendJson(res, 200, CUSTOMER),
    };
    server = await NomosTestServer.start(routes);
    store.down = false;
    logger.lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  it('refuses calls as BUSY without fleetSize, sending nothing; paces fleet-wide once the store is back', async () => {
    const c = client({ perSecond: 5 });
    store.down = true;
    const refused = await c.getCustomer('cus_1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NomosBusyError);
    expect((refused as NomosBusyError).retryAfterMs).toBe(1000);
    expect(server.requests).toHaveLength(0);
    const warnings = logger.lines.filter((line) => line.startsWith('warn'));
    expect(warnings).toEqual([
      'warn Nomos rate-limit store failed (Error); refusing Nomos calls as busy until it answers ' +
        '(set nomos.rateLimit.fleetSize to pace at a share)',
    ]);
    // The driver's message (an address here) never reaches the log.
    expect(logger.lines.join('\n')).not.toContain('10.0.0.7');
    store.down = false;
    await expect(c.getCustomer('cus_1')).resolves.toMatchObject({ id: 'cus_1' });
    expect(logger.lines).toContain('log Nomos rate-limit store answers again; pacing is fleet-wide again');
  });

  it('paces at perSecond / fleetSize with fleetSize, so that all replicas together stay under the limit', async () => {
    const c = client({ perSecond: 6, fleetSize: 2, maxWaitMs: 5000 });
    store.down = true;
    // The call that finds the store down only starts the switch (see below); these come after it.
    const first = await c.getCustomer('cus_1').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, (first as NomosBusyError).retryAfterMs));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => c.getCustomer('cus_1')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
    // 9 calls (token included) at this replica's share of 3 per second.
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(9);
    expect(busiest(at, 1000)).toBeLessThanOrEqual(3);
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([
      'warn Nomos rate-limit store failed (Error); ' +
        'pacing this replica at its share of the limit (1/2) until it answers',
    ]);
  }, 20_000);

  it('takes no slot for one settling period when it switches to its share and back', async () => {
    // Slots the old mode gave out (to any replica, up to maxWaitMs ahead) leave the window before the
    // new mode gives out its own; otherwise one window could hold the fleet's limit and the share.
    const c = client({ perSecond: 6, fleetSize: 2, maxWaitMs: 1500 });
    await Promise.all(Array.from({ length: 5 }, () => c.getCustomer('cus_1')));
    const fleetWide = server.requests.length;
    expect(fleetWide).toBe(6);

    store.down = true;
    const first = await c.getCustomer('cus_1').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(NomosBusyError);
    const settling = (first as NomosBusyError).retryAfterMs;
    expect(settling).toBeGreaterThan(1500 + 1000);
    expect(server.requests).toHaveLength(fleetWide);
    await new Promise((resolve) => setTimeout(resolve, settling));
    const shared = await Promise.allSettled(Array.from({ length: 6 }, () => c.getCustomer('cus_1')));
    expect(shared.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    const at = server.requests.map((r) => r.at);
    expect(at[fleetWide] - at[fleetWide - 1]).toBeGreaterThanOrEqual(1500 + 1000);
    expect(busiest(at.slice(fleetWide), 1000)).toBeLessThanOrEqual(3);

    store.down = false;
    const back = await c.getCustomer('cus_1').catch((error: unknown) => error);
    expect(back).toBeInstanceOf(NomosBusyError);
    await new Promise((resolve) => setTimeout(resolve, (back as NomosBusyError).retryAfterMs));
    await expect(c.getCustomer('cus_1')).resolves.toMatchObject({ id: 'cus_1' });
    const after = server.requests.map((r) => r.at);
    expect(after).toHaveLength(fleetWide + 7);
    expect(after[fleetWide + 6] - after[fleetWide + 5]).toBeGreaterThanOrEqual(1500 + 1000);
  }, 20_000);

  it('accepts a fleetSize from 1 to perSecond only', () => {
    expect(resolveRateLimit({ perSecond: 10, fleetSize: 3 }, 'nomos.rateLimit')).toMatchObject({ fleetSize: 3 });
    expect(() => resolveRateLimit({ perSecond: 10, fleetSize: 11 }, 'nomos.rateLimit')).toThrow(
      /nomos\.rateLimit\.fleetSize/,
    );
    expect(() => resolveRateLimit({ fleetSize: 0 }, 'nomos.rateLimit')).toThrow(/nomos\.rateLimit\.fleetSize/);
  });
});
