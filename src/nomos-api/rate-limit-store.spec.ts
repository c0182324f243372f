import { MemoryRateLimitStore, nextSlot, type PacingPolicy } from './rate-limit-store.js';

const TEN_PER_SECOND: PacingPolicy = { key: 'k', limit: 10, windowMs: 1000, burst: 10, burstWindowMs: 1000 };
const EVEN: PacingPolicy = { key: 'k', limit: 10, windowMs: 1000, burst: 1, burstWindowMs: 100 };

/** The most slots in any window of `windowMs` (start included, end excluded). */
function busiest(slots: number[], windowMs: number): number {
  let most = 0;
  for (const start of slots) most = Math.max(most, slots.filter((s) => s >= start && s < start + windowMs).length);
  return most;
}

describe('nextSlot', () => {
  it('lets a whole burst go at once, then waits for the oldest slot to leave the window', () => {
    const slots: number[] = [];
    for (let i = 0; i < 10; i++) slots.push(nextSlot(slots, 0, 5, TEN_PER_SECOND));
    expect(slots).toEqual(Array(10).fill(5));
    expect(nextSlot(slots, 0, 5, TEN_PER_SECOND)).toBe(1005);
  });

  it('spaces calls evenly with burst 1', () => {
    const slots: number[] = [];
    for (let i = 0; i < 4; i++) slots.push(nextSlot(slots, 0, 0, EVEN));
    expect(slots).toEqual([0, 100, 200, 300]);
  });

  it('never starts before a hold-off, nor before the last reserved slot', () => {
    expect(nextSlot([], 700, 10, TEN_PER_SECOND)).toBe(700);
    expect(nextSlot([900], 0, 10, TEN_PER_SECOND)).toBe(900);
  });

  it.each([1, 3, 7, 10])('keeps at most 10 in any 1 s window with burst %i, whatever the arrival pattern', (burst) => {
    const policy: PacingPolicy = { ...TEN_PER_SECOND, burst, burstWindowMs: Math.ceil((burst * 1000) / 10) };
    const slots: number[] = [];
    let now = 0;
    for (let i = 0; i < 200; i++) {
      now += (i * 37) % 5 === 0 ? 400 : (i * 13) % 90;
      slots.push(nextSlot(slots.slice(-10), 0, now, policy));
    }
    expect(busiest(slots, 1000)).toBeLessThanOrEqual(10);
    expect(busiest(slots, policy.burstWindowMs)).toBeLessThanOrEqual(burst);
    expect(busiest(slots, 1000)).toBeGreaterThan(burst === 10 ? 9 : 0);
  });
});

describe('MemoryRateLimitStore', () => {
  let clock = 0;
  const store = new MemoryRateLimitStore(() => clock);
  beforeEach(() => (clock += 1_000_000));

  it('reserves within the wait allowed and refuses beyond it without taking a slot', async () => {
    const key = { ...TEN_PER_SECOND, key: 'a' };
    for (let i = 0; i < 10; i++) expect(await store.reserve(key, 0)).toMatchObject({ granted: true, waitMs: 0 });
    expect(await store.reserve(key, 999)).toMatchObject({ granted: false, retryAfterMs: 1000 });
    expect(await store.reserve(key, 1000)).toMatchObject({ granted: true, waitMs: 1000 });
    // The refusal took nothing: the next call queues right behind the one granted.
    expect(await store.reserve(key, 5000)).toMatchObject({ granted: true, waitMs: 1000 });
  });

  it('keeps one limit per key', async () => {
    for (let i = 0; i < 10; i++) await store.reserve({ ...TEN_PER_SECOND, key: 'b' }, 0);
    expect(await store.reserve({ ...TEN_PER_SECOND, key: 'c' }, 0)).toMatchObject({ granted: true, waitMs: 0 });
  });

  it('holds off every later slot when told to, and never shortens a hold', async () => {
    const key = { ...TEN_PER_SECOND, key: 'd' };
    await store.holdOff('d', 1500);
    await store.holdOff('d', 200);
    expect(await store.reserve(key, 2000)).toMatchObject({ granted: true, waitMs: 1500 });
    clock += 1500;
    expect(await store.reserve(key, 0)).toMatchObject({ granted: true, waitMs: 0 });
  });
});
