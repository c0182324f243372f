import type { ThrottlerStorage } from '@nestjs/throttler';
import { OptionChecks } from '../common/option-checks.js';
import { NomosPortalConfigError } from '../errors/index.js';
import { PersonLimit } from './person-limit.js';
import { InMemoryPersonLimitStorage } from './person-limit.memory-storage.js';
import { resolvePersonRateLimit } from './person-limit.options.js';

const checks = new OptionChecks('portal');
const ada = { issuer: 'https://idp.example/a', subject: 'ada' };

describe('resolvePersonRateLimit', () => {
  it('defaults to 10 a minute in memory, and false turns it off', () => {
    expect(resolvePersonRateLimit(undefined, checks)).toEqual({ limit: 10, ttlMs: 60_000, storage: 'memory' });
    expect(resolvePersonRateLimit(false, checks)).toBe(false);
  });

  it('keeps the stores it knows', () => {
    const redis = { eval: async () => [1, 1000, 0] };
    const own: ThrottlerStorage = new InMemoryPersonLimitStorage();
    expect(resolvePersonRateLimit({ storage: 'database' }, checks)).toMatchObject({ storage: 'database' });
    expect(resolvePersonRateLimit({ storage: { redis } }, checks)).toMatchObject({ storage: { redis } });
    expect(resolvePersonRateLimit({ limit: 3, ttlMs: 5000, storage: own }, checks)).toEqual({
      limit: 3,
      ttlMs: 5000,
      storage: own,
    });
    (own as InMemoryPersonLimitStorage).onApplicationShutdown();
  });

  it.each([
    [{ limit: 0 }, /portal\.personRateLimit\.limit/],
    [{ limit: 1.5 }, /portal\.personRateLimit\.limit/],
    [{ ttlMs: 999 }, /portal\.personRateLimit\.ttlMs/],
    [{ storage: 'redis' }, /portal\.personRateLimit\.storage/],
    [{ storage: { redis: {} } }, /portal\.personRateLimit\.storage/],
    [{ storage: {} }, /portal\.personRateLimit\.storage/],
    [true, /portal\.personRateLimit must be an object or false/],
  ])('refuses %p, naming the setting', (raw, message) => {
    expect(() => resolvePersonRateLimit(raw, checks)).toThrow(NomosPortalConfigError);
    expect(() => resolvePersonRateLimit(raw, checks)).toThrow(message);
  });
});

/** A store that is down, as Redis is during a restart. */
class DownStore implements ThrottlerStorage {
  calls = 0;
  async increment(): Promise<never> {
    this.calls++;
    throw Object.assign(new Error('connect ECONNREFUSED redis://:secret@127.0.0.1:1'), { name: 'ReplyError' });
  }
}

describe('PersonLimit', () => {
  it('refuses past the limit with the seconds to wait, per person', async () => {
    const store = new InMemoryPersonLimitStorage();
    const limit = new PersonLimit({ limit: 2, ttlMs: 30_000, storage: 'memory' }, store);
    expect(await limit.refusal(ada)).toBeUndefined();
    expect(await limit.refusal(ada)).toBeUndefined();
    const wait = await limit.refusal(ada);
    expect(wait).toBeGreaterThanOrEqual(29);
    expect(wait).toBeLessThanOrEqual(30);
    // Same subject at another IdP: another person.
    expect(await limit.refusal({ ...ada, issuer: 'https://idp.example/b' })).toBeUndefined();
    store.onApplicationShutdown();
  });

  it('lets clicks through while the store is down, warning once a minute without the error text', async () => {
    const store = new DownStore();
    const limit = new PersonLimit({ limit: 1, ttlMs: 60_000, storage: 'memory' }, store);
    const lines: string[] = [];
    (limit as unknown as { logger: { warn(line: string): void } }).logger = { warn: (line) => void lines.push(line) };
    for (let i = 0; i < 3; i++) expect(await limit.refusal(ada)).toBeUndefined();
    expect(store.calls).toBe(3);
    expect(lines).toEqual(['per-person limit store failed (ReplyError); not counting']);
  });

  it('counts nothing when off', async () => {
    const store = new DownStore();
    expect(await new PersonLimit(false, store).refusal(ada)).toBeUndefined();
    expect(store.calls).toBe(0);
  });
});
