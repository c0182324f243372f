// Found by `npm run test:mutation`: which store each `storage` setting builds, what the limit hands
// its store, how a block's seconds are rounded, and how often a failing store is reported.
import { createHash } from 'node:crypto';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import { DatabasePersonLimitStorage } from '../../../src/magic-links/person-limit.database-storage.js';
import { PersonLimit, personLimitStorage } from '../../../src/magic-links/person-limit.js';
import type { PersonLimitRecord } from '../../../src/magic-links/person-limit.memory-storage.js';
import { InMemoryPersonLimitStorage, recordOf } from '../../../src/magic-links/person-limit.memory-storage.js';
import { RedisPersonLimitStorage } from '../../../src/magic-links/person-limit.redis-storage.js';

const ada = { issuer: 'https://idp.example/a', subject: 'ada' };
const dataSource = { options: { type: 'better-sqlite3' } } as unknown as DataSource;

/** A store that answers what it is told to and records what it was asked. */
class ScriptedStore implements ThrottlerStorage {
  readonly calls: unknown[][] = [];
  constructor(private readonly answer: () => PersonLimitRecord) {}
  async increment(...args: unknown[]): Promise<PersonLimitRecord> {
    this.calls.push(args);
    return this.answer();
  }
}

const blocked = (timeToBlockExpire: number): PersonLimitRecord => ({
  totalHits: 5,
  timeToExpire: 10,
  isBlocked: true,
  timeToBlockExpire,
});

describe('personLimitStorage', () => {
  const on = { limit: 3, ttlMs: 5000 };

  it('builds the store each setting names', () => {
    const memory = personLimitStorage({ ...on, storage: 'memory' }, dataSource);
    expect(memory).toBeInstanceOf(InMemoryPersonLimitStorage);
    (memory as InMemoryPersonLimitStorage).onApplicationShutdown();
    expect(personLimitStorage({ ...on, storage: 'database' }, dataSource)).toBeInstanceOf(DatabasePersonLimitStorage);
    const redis = { eval: async () => [1, 1000, 0] };
    expect(personLimitStorage({ ...on, storage: { redis } }, dataSource)).toBeInstanceOf(RedisPersonLimitStorage);
  });

  it("uses the host's own store as it is, and none when the limit is off", () => {
    const own = new ScriptedStore(() => blocked(1));
    expect(personLimitStorage({ ...on, storage: own }, dataSource)).toBe(own);
    expect(personLimitStorage(false, dataSource)).toBeUndefined();
  });

  it("hands a Redis store the host's client", async () => {
    const calls: unknown[][] = [];
    const redis = { eval: async (...args: unknown[]) => (calls.push(args), [2, 4500, 0]) };
    const store = personLimitStorage({ ...on, storage: { redis } }, dataSource) as ThrottlerStorage;
    expect(await store.increment('k', 5000, 3, 5000, 'nomos-person')).toEqual({
      totalHits: 2,
      timeToExpire: 5,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(calls).toHaveLength(1);
  });
});

describe('PersonLimit', () => {
  it('counts under the SHA-256 of the person key, with the window as the block, under its own name', async () => {
    const store = new ScriptedStore(() => ({ ...blocked(0), isBlocked: false }));
    await new PersonLimit({ limit: 4, ttlMs: 7000, storage: store }, store).refusal(ada);
    const key = createHash('sha256')
      .update(JSON.stringify([ada.issuer, ada.subject]))
      .digest('hex');
    expect(store.calls).toEqual([[key, 7000, 4, 7000, 'nomos-person']]);
  });

  it.each([
    [0, 1],
    [0.2, 1],
    [1, 1],
    [2.2, 3],
  ])('asks a blocked person to wait whole seconds, at least one (%p s left → %p)', async (left, wait) => {
    const store = new ScriptedStore(() => blocked(left));
    expect(await new PersonLimit({ limit: 1, ttlMs: 1000, storage: store }, store).refusal(ada)).toBe(wait);
  });

  it('counts nothing without a store', async () => {
    expect(await new PersonLimit({ limit: 1, ttlMs: 1000, storage: 'memory' }, undefined).refusal(ada)).toBeUndefined();
  });

  it('reports a failing store again once a minute has passed, naming a nameless error plainly', async () => {
    const store: ThrottlerStorage = {
      increment: async () => {
        throw Object.assign(new Error('down'), { name: undefined });
      },
    };
    const limit = new PersonLimit({ limit: 1, ttlMs: 1000, storage: store }, store);
    const lines: string[] = [];
    const inside = limit as unknown as { logger: { warn(line: string): void }; lastWarning: number };
    inside.logger = { warn: (line) => void lines.push(line) };
    await limit.refusal(ada);
    inside.lastWarning = Date.now() - 59_000;
    await limit.refusal(ada);
    expect(lines).toHaveLength(1);
    inside.lastWarning = Date.now() - 60_000;
    await limit.refusal(ada);
    expect(lines).toEqual([
      'per-person limit store failed (error); not counting',
      'per-person limit store failed (error); not counting',
    ]);
  });
});

describe('recordOf', () => {
  const now = 1_000_000;

  it('gives whole seconds left of the window, never below zero, and no block', () => {
    expect(recordOf(2, now + 1500, 0, now)).toEqual({
      totalHits: 2,
      timeToExpire: 2,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(recordOf(2, now - 1500, 0, now).timeToExpire).toBe(0);
  });

  it('is blocked only while the block lasts, with its seconds rounded up', () => {
    expect(recordOf(4, now + 1000, now + 2100, now)).toMatchObject({ isBlocked: true, timeToBlockExpire: 3 });
    expect(recordOf(4, now + 1000, now, now)).toMatchObject({ isBlocked: false, timeToBlockExpire: 0 });
  });
});

describe('InMemoryPersonLimitStorage sweeping', () => {
  it('forgets the people whose window and block are over, and only them', async () => {
    const store = new InMemoryPersonLimitStorage();
    const inside = store as unknown as { buckets: Map<string, unknown>; sweep(now: number): void };
    await store.increment('over', 1000, 5, 1000);
    await store.increment('window', 60_000, 5, 1000);
    await store.increment('blocked', 1000, 1, 60_000);
    await store.increment('blocked', 1000, 1, 60_000);
    inside.sweep(Date.now() + 5000);
    expect([...inside.buckets.keys()].sort()).toEqual(['blocked', 'window']);
    store.onApplicationShutdown();
  });
});
