import { NomosPortalConfigError } from '../errors/index.js';
import { NomosApiClient } from './nomos-api.client.js';
import { resolveNomosApiOptions } from './nomos-api.options.js';
import { MemoryRateLimitStore } from './rate-limit-store.js';

const valid = { clientId: 'client-1', clientSecret: 'SECRET-cs' };
const messageOf = (extra: Record<string, unknown>): string => {
  try {
    resolveNomosApiOptions({ ...valid, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('nomos.rateLimit and nomos.circuitBreaker options', () => {
  it('defaults burst to the rate and keeps what is given', () => {
    const { rateLimit, circuitBreaker } = resolveNomosApiOptions({
      ...valid,
      rateLimit: { perSecond: 4, maxWaitMs: 0, key: 'fleet:a' },
      circuitBreaker: { coolDownMs: 50 },
    });
    expect(rateLimit).toEqual({
      perSecond: 4,
      burst: 4,
      maxWaitMs: 0,
      maxWaiters: 200,
      marginMs: 50,
      store: 'memory',
      key: 'fleet:a',
    });
    expect(circuitBreaker).toEqual({ failureThreshold: 5, coolDownMs: 50 });
  });

  it('turns each off with false', () => {
    const r = resolveNomosApiOptions({ ...valid, rateLimit: false, circuitBreaker: false });
    expect([r.rateLimit, r.circuitBreaker]).toEqual([false, false]);
  });

  it('accepts a Redis client with eval and a store object', () => {
    const redis = { eval: () => Promise.resolve([1, '0']) };
    expect(resolveNomosApiOptions({ ...valid, rateLimit: { store: { redis } } }).rateLimit).toMatchObject({
      store: { redis },
    });
    const store = new MemoryRateLimitStore();
    expect(resolveNomosApiOptions({ ...valid, rateLimit: { store } }).rateLimit).toMatchObject({ store });
  });

  it.each([
    [
      { rateLimit: { burst: 11 } },
      'nomos.rateLimit.burst (NOMOS_RATE_LIMIT_BURST) must be a whole number from 1 to 10',
    ],
    [
      { rateLimit: { perSecond: 0 } },
      'nomos.rateLimit.perSecond (NOMOS_RATE_LIMIT) must be a whole number from 1 to 10000',
    ],
    [
      { rateLimit: { maxWaitMs: -1 } },
      'nomos.rateLimit.maxWaitMs (NOMOS_RATE_LIMIT_MAX_WAIT_MS) must be a whole number from 0 to 60000',
    ],
    [{ rateLimit: { perSeconds: 3 } }, 'nomos.rateLimit.perSeconds is not a known option'],
    [{ rateLimit: 10 }, 'nomos.rateLimit must be an object or false'],
    [{ rateLimit: { store: 'redis' } }, "nomos.rateLimit.store (NOMOS_RATE_LIMIT_STORE) must be 'memory', 'database'"],
    [{ rateLimit: { key: 'has space' } }, 'nomos.rateLimit.key must be 1 to 128'],
    [{ circuitBreaker: { failureThreshold: 0 } }, 'nomos.circuitBreaker.failureThreshold must be a whole number'],
    [{ circuitBreaker: true }, 'nomos.circuitBreaker must be an object or false'],
  ])('refuses %j, naming the setting', (extra, message) => {
    expect(messageOf(extra)).toContain(message);
  });

  it("refuses the 'database' store without the module's PostgreSQL DataSource", () => {
    const options = resolveNomosApiOptions({ ...valid, rateLimit: { store: 'database' } });
    expect(() => new NomosApiClient(options)).toThrow(NomosPortalConfigError);
    expect(() => new NomosApiClient(options)).toThrow(
      /nomos\.rateLimit\.store \(NOMOS_RATE_LIMIT_STORE\) 'database' needs/,
    );
  });
});
