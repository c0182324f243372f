import { NomosCircuitOpenError } from './pacing.errors.js';
import type { ResolvedNomosCircuitBreaker } from './pacing.options.js';

/** `closed`: calls go through; `open`: they fail fast; `half-open`: the cool-down is over, one probe may go. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** What {@link CircuitBreaker.admit} handed out; give it back with the call's outcome. */
export interface CircuitTicket {
  /** This call is the half-open probe. */
  readonly probe: boolean;
}

// While the probe is out, others are told to come back soon rather than after a whole cool-down.
const PROBE_RETRY_MS = 1000;

/**
 * Per-replica circuit breaker for Nomos calls (state is not shared: each replica learns that Nomos is
 * down from its own calls, which takes `failureThreshold` calls each). Counts failures in a row;
 * any answer below 500 resets the count.
 * @param now monotonic clock in milliseconds, injectable for specs. @default performance.now
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil?: number;
  private probing = false;

  constructor(
    private readonly options: ResolvedNomosCircuitBreaker,
    private readonly onChange: (state: CircuitState, why: string) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The state now (an open circuit whose cool-down is over reads `half-open`). */
  get state(): CircuitState {
    if (this.openUntil === undefined) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /**
   * Lets a call through, or refuses it.
   * @throws NomosCircuitOpenError while open, and while the half-open probe is in flight
   */
  admit(): CircuitTicket {
    if (this.openUntil === undefined) return { probe: false };
    const left = this.openUntil - this.now();
    if (left > 0) throw new NomosCircuitOpenError(left);
    if (this.probing) throw new NomosCircuitOpenError(Math.min(PROBE_RETRY_MS, this.options.coolDownMs));
    this.probing = true;
    return { probe: true };
  }

  /** Nomos answered (any status below 500): the circuit closes. */
  succeeded(ticket: CircuitTicket): void {
    if (ticket.probe) this.probing = false;
    this.failures = 0;
    if (this.openUntil !== undefined) {
      this.openUntil = undefined;
      this.onChange('closed', ticket.probe ? 'the probe call succeeded' : 'a call succeeded');
    }
  }

  /** A 5xx, a timeout or a connection error. */
  failed(ticket: CircuitTicket): void {
    if (ticket.probe) {
      this.probing = false;
      return this.open('the probe call failed');
    }
    // A call let through before the circuit opened, failing after: already counted by the opening.
    if (this.openUntil !== undefined) return;
    if (++this.failures >= this.options.failureThreshold) this.open(`${this.failures} failures in a row`);
  }

  /** The call ended without saying anything about Nomos (cancelled, or never sent). */
  released(ticket: CircuitTicket): void {
    if (ticket.probe) this.probing = false;
  }

  private open(why: string): void {
    this.failures = 0;
    this.openUntil = this.now() + this.options.coolDownMs;
    this.onChange('open', why);
  }
}
