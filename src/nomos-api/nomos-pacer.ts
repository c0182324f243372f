import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CircuitBreaker, type CircuitTicket } from './circuit-breaker.js';
import { NomosAbortedError } from './nomos-api.errors.js';
import { NomosBusyError } from './pacing.errors.js';
import type { ResolvedNomosRateLimit } from './pacing.options.js';
import { MemoryRateLimitStore, type PacingPolicy, type RateLimitStore } from './rate-limit-store.js';
import { StoreClock } from './store-clock.js';
import type { ResolvedNomosApiOptions } from './nomos-api.options.js';
import type { NomosApiLogger } from './attempt-loop.js';

/** A call let through: hand it back to {@link NomosPacer.settle} with the outcome. */
export interface Admission {
  readonly ticket: CircuitTicket;
  /** Time spent waiting for the slot, in milliseconds. */
  readonly waitedMs: number;
  /** The call must be written by this `performance.now()` time, or give the slot up; none without pacing. */
  readonly sendBy?: number;
}

/** How a call ended, for the breaker: Nomos answered, failed (5xx, timeout, connection), or neither. */
export type CallOutcome = 'answered' | 'failed' | 'neither';

const NO_TICKET: CircuitTicket = { probe: false };

/**
 * Fair use of Nomos for one client: the circuit breaker first (an open circuit costs nothing), then
 * a slot from the fleet-wide limiter, waited for in this process (bounded in time and in waiters).
 * While a shared store fails the fleet must still stay under the limit (invariant 10): with
 * `fleetSize` each replica paces in-process at its share of the limit, without it calls are refused
 * as busy, until the store answers again. Each switch between the two modes pauses (busy) until the
 * old mode's slots have left the window.
 */
export class NomosPacer {
  private readonly policy?: PacingPolicy;
  /** This replica's share of the limit while the shared store fails; `undefined`: refuse instead. */
  private readonly sharePolicy?: PacingPolicy;
  private readonly breaker?: CircuitBreaker;
  private readonly fallback = new MemoryRateLimitStore();
  private readonly clocks = { shared: new StoreClock(), fallback: new StoreClock() };
  private readonly fleetSize?: number;
  private readonly maxWaitMs: number;
  private readonly maxWaiters: number;
  private readonly toleranceMs: number;
  private waiters = 0;
  private missed = 0;
  private storeDown = false;
  /**
   * No slot is taken before this time (local clock), after pacing switched between the shared store
   * and this replica's share: slots the old mode gave out (to any replica, up to `maxWaitMs` ahead)
   * must leave the window before the new mode gives out its own, or one window could hold both.
   */
  private settledAt = 0;

  /**
   * @param store the resolved `nomos.rateLimit.store` as a {@link RateLimitStore} (the client builds it)
   */
  constructor(
    options: ResolvedNomosApiOptions,
    private readonly store: RateLimitStore | undefined,
    private readonly logger: NomosApiLogger,
  ) {
    const limit = options.rateLimit;
    if (limit) this.policy = policyOf(limit, options);
    if (limit && limit.fleetSize !== undefined) this.sharePolicy = sharePolicyOf(limit, limit.fleetSize, options);
    this.fleetSize = limit ? limit.fleetSize : undefined;
    this.maxWaitMs = limit ? limit.maxWaitMs : 0;
    this.maxWaiters = limit ? limit.maxWaiters : 0;
    this.toleranceMs = limit ? limit.marginMs : 0;
    const breaker = options.circuitBreaker;
    if (breaker) {
      this.breaker = new CircuitBreaker(breaker, (state, why) =>
        state === 'open'
          ? this.logger.warn(`Nomos circuit opened (${why}): calls fail fast for ${breaker.coolDownMs} ms`)
          : this.logger.log(`Nomos circuit closed (${why})`),
      );
    }
  }

  /** Calls of this process waiting for a slot right now (the pacing queue depth). */
  get waiting(): number {
    return this.waiters;
  }

  /** Slots given up because the call could not start on time (a busy event loop, a slow store). */
  get missedSlots(): number {
    return this.missed;
  }

  /** The circuit's state; `closed` without a breaker. */
  get circuit(): 'closed' | 'open' | 'half-open' {
    return this.breaker?.state ?? 'closed';
  }

  /**
   * Waits for the call's turn.
   * @param timeLeftMs what the call may still spend (its deadline; `Infinity` without one); the wait
   *   never takes all of it
   * @throws NomosCircuitOpenError, NomosBusyError, NomosAbortedError (the caller's signal fired)
   */
  async admit(timeLeftMs: number, signal?: AbortSignal): Promise<Admission> {
    const ticket = this.breaker?.admit() ?? NO_TICKET;
    if (!this.policy) return { ticket, waitedMs: 0 };
    try {
      if (this.waiters >= this.maxWaiters) {
        throw new NomosBusyError(`${this.waiters} calls of this process are already waiting`, 1000);
      }
      this.waiters++;
      try {
        return { ticket, ...(await this.waitForSlot(this.policy, timeLeftMs, signal)) };
      } finally {
        this.waiters--;
      }
    } catch (error) {
      this.breaker?.released(ticket);
      throw error;
    }
  }

  /**
   * The admitted call was not written on time (still queued for a connection): nothing was sent,
   * its slot is lost; the caller may be admitted again.
   */
  sentLate(admission: Admission): void {
    this.missed++;
    this.breaker?.released(admission.ticket);
  }

  /** Records the call's outcome with the breaker. */
  settle(admission: Admission, outcome: CallOutcome): void {
    if (!this.breaker) return;
    if (outcome === 'answered') this.breaker.succeeded(admission.ticket);
    else if (outcome === 'failed') this.breaker.failed(admission.ticket);
    else this.breaker.released(admission.ticket);
  }

  /** Nomos said to wait `delayMs` (a 429, `Retry-After`, `ratelimit-remaining: 0`): no slot starts before. */
  async holdOff(delayMs: number): Promise<void> {
    const policy = this.policy;
    if (!policy) return;
    await this.fallback.holdOff(policy.key, delayMs);
    if (!this.store) return;
    await this.store.holdOff(policy.key, delayMs).catch((error: unknown) => this.storeFailed(error, policy));
  }

  /**
   * Reserves a slot and sleeps until it, on the store's clock. A call that wakes more than `marginMs`
   * after its slot gives it up and reserves again: started late, it could land beside the calls of
   * the next window at Nomos. Never waits past `maxWaitMs` nor the call's time left in all.
   * @returns the time waited, and by when the call must be written (the same margin past its slot)
   */
  private async waitForSlot(
    policy: PacingPolicy,
    timeLeftMs: number,
    signal?: AbortSignal,
  ): Promise<{ waitedMs: number; sendBy: number }> {
    const started = performance.now();
    const endBy = started + Math.max(0, Math.min(this.maxWaitMs, timeLeftMs - 1));
    for (;;) {
      const settling = this.settledAt - performance.now();
      if (settling > 0) {
        if (performance.now() + settling > endBy) {
          throw new NomosBusyError('pacing is switching between the shared store and this replica', settling);
        }
        await wait(settling, signal);
      }
      const before = performance.now();
      const { reservation, clock, switched } = await this.reserve(policy, Math.max(0, endBy - before));
      // A slot got in the very call that switched modes is dropped: the settling period comes first.
      if (switched) continue;
      const after = performance.now();
      clock.observe(before, after, reservation.now);
      if (!reservation.granted) {
        const ms = Math.ceil(reservation.retryAfterMs);
        throw new NomosBusyError(`the next free slot is ${ms} ms away`, reservation.retryAfterMs);
      }
      const slotAt = clock.toLocal(reservation.now + reservation.waitMs);
      const sleepMs = slotAt - performance.now();
      if (sleepMs >= 1) await wait(sleepMs, signal);
      const sendBy = slotAt + this.toleranceMs;
      if (performance.now() <= sendBy) return { waitedMs: performance.now() - started, sendBy };
      this.missed++;
    }
  }

  private async reserve(policy: PacingPolicy, maxWaitMs: number) {
    const fallback = { clock: this.clocks.fallback, switched: false };
    if (!this.store) return { reservation: await this.fallback.reserve(policy, maxWaitMs), ...fallback };
    try {
      const reservation = await this.store.reserve(policy, maxWaitMs);
      const switched = this.storeDown && this.sharePolicy !== undefined;
      if (this.storeDown) {
        this.storeDown = false;
        this.logger.log('Nomos rate-limit store answers again; pacing is fleet-wide again');
        if (switched) this.startSettling(policy);
      }
      return { reservation, clock: this.clocks.shared, switched };
    } catch (error) {
      const switched = this.storeFailed(error, policy);
      if (!this.sharePolicy) throw new NomosBusyError('the shared rate-limit store is not answering', 1000);
      return { reservation: await this.fallback.reserve(this.sharePolicy, maxWaitMs), ...fallback, switched };
    }
  }

  /** Starts the settling period of a mode switch: the longest reservation ahead, then one window. */
  private startSettling(policy: PacingPolicy): void {
    this.settledAt = performance.now() + this.maxWaitMs + policy.windowMs;
  }

  /** @returns whether pacing switches to this replica's share now (it was fleet-wide until this call) */
  private storeFailed(error: unknown, policy?: PacingPolicy): boolean {
    if (this.storeDown) return false;
    this.storeDown = true;
    if (policy && this.sharePolicy) this.startSettling(policy);
    // The class only: a driver's message may quote connection details.
    const what = error instanceof Error ? error.name : 'unknown error';
    const meanwhile = this.sharePolicy
      ? `pacing this replica at its share of the limit (1/${this.fleetSize}) until it answers`
      : 'refusing Nomos calls as busy until it answers (set nomos.rateLimit.fleetSize to pace at a share)';
    this.logger.warn(`Nomos rate-limit store failed (${what}); ${meanwhile}`);
    return policy !== undefined && this.sharePolicy !== undefined;
  }
}

function policyOf(limit: ResolvedNomosRateLimit, options: ResolvedNomosApiOptions): PacingPolicy {
  // One limit per Nomos API client, without putting the client id itself into a shared store.
  const digest = createHash('sha256').update(`${options.baseUrl}\n${options.clientId}`).digest('hex');
  return {
    key: limit.key ?? `nomos:${digest.slice(0, 24)}`,
    limit: limit.perSecond,
    windowMs: 1000 + limit.marginMs,
    burst: limit.burst,
    burstWindowMs: Math.ceil((limit.burst * 1000) / limit.perSecond) + limit.marginMs,
  };
}

/** One replica's share of the limit: `perSecond / fleetSize` calls per second (rounded down), burst likewise. */
function sharePolicyOf(
  limit: ResolvedNomosRateLimit,
  fleetSize: number,
  options: ResolvedNomosApiOptions,
): PacingPolicy {
  const perSecond = Math.floor(limit.perSecond / fleetSize);
  const burst = Math.max(1, Math.floor(limit.burst / fleetSize));
  return {
    ...policyOf(limit, options),
    limit: perSecond,
    burst,
    burstWindowMs: Math.ceil((burst * 1000) / perSecond) + limit.marginMs,
  };
}

async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(Math.ceil(ms), undefined, signal ? { signal } : undefined);
  } catch {
    throw new NomosAbortedError();
  }
}
