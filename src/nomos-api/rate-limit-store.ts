/**
 * The one seam between the Nomos client's pacing and shared state (DESIGN: nomos-api knows nothing of
 * the database except this interface). A store keeps, per key, the start times of the last `limit`
 * calls and a "hold off until" time, and reserves slots atomically, on its own clock.
 */

/** The limits one reservation must respect, derived from `nomos.rateLimit`. */
export interface PacingPolicy {
  /** Name of the shared limit. */
  key: string;
  /** At most `limit` call starts in any `windowMs`. */
  limit: number;
  windowMs: number;
  /** At most `burst` call starts in any `burstWindowMs` (equal to the above when burst = limit). */
  burst: number;
  burstWindowMs: number;
}

/**
 * A slot reserved `waitMs` after `now`, or none because the first free one is `retryAfterMs` away.
 * `now` is the store's clock (milliseconds) when it decided: the pacer maps the slot onto its own
 * clock with it, so that a slow answer from the store does not shift the call.
 */
export type Reservation =
  { granted: true; waitMs: number; now: number } | { granted: false; retryAfterMs: number; now: number };

/** Shared state of the fleet-wide rate limiter. Implement it to keep the state elsewhere. */
export interface RateLimitStore {
  /**
   * Takes the first free slot when it starts within `maxWaitMs`, else takes nothing. Atomic across
   * every process sharing the store.
   */
  reserve(policy: PacingPolicy, maxWaitMs: number): Promise<Reservation>;
  /** Lets no slot of `key` start before `delayMs` from now (Nomos said "wait"). */
  holdOff(key: string, delayMs: number): Promise<void>;
}

/** What the Redis store needs of a client: `eval` as ioredis has it. */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** What the PostgreSQL store needs of the database: one parameterised query (`DataSource.query` fits). */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * The first slot at or after `now` that keeps both windows and the hold-off, never before the last
 * reserved slot (first come, first served). `slots` are start times, oldest first.
 */
export function nextSlot(slots: readonly number[], holdUntil: number, now: number, p: PacingPolicy): number {
  const n = slots.length;
  let next = Math.max(now, holdUntil);
  if (n > 0) next = Math.max(next, slots[n - 1]);
  if (n >= p.limit) next = Math.max(next, slots[n - p.limit] + p.windowMs);
  if (n >= p.burst) next = Math.max(next, slots[n - p.burst] + p.burstWindowMs);
  return next;
}

/**
 * The in-process store (the default): exact for one process, and the fallback when a shared store
 * fails. Its clock is monotonic.
 * @param now milliseconds, injectable for specs. @default performance.now
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly limits = new Map<string, { slots: number[]; holdUntil: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  reserve(policy: PacingPolicy, maxWaitMs: number): Promise<Reservation> {
    const state = this.stateOf(policy.key);
    const now = this.now();
    const next = nextSlot(state.slots, state.holdUntil, now, policy);
    const waitMs = next - now;
    if (waitMs > maxWaitMs) return Promise.resolve({ granted: false, retryAfterMs: waitMs, now });
    state.slots.push(next);
    if (state.slots.length > policy.limit) state.slots.splice(0, state.slots.length - policy.limit);
    return Promise.resolve({ granted: true, waitMs, now });
  }

  holdOff(key: string, delayMs: number): Promise<void> {
    const state = this.stateOf(key);
    state.holdUntil = Math.max(state.holdUntil, this.now() + delayMs);
    return Promise.resolve();
  }

  private stateOf(key: string) {
    let state = this.limits.get(key);
    if (!state) this.limits.set(key, (state = { slots: [], holdUntil: Number.NEGATIVE_INFINITY }));
    return state;
  }
}
