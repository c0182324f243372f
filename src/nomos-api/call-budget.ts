import { setTimeout as sleep } from 'node:timers/promises';
import { NomosAbortedError, NomosTimeoutError } from './nomos-api.errors.js';

/**
 * What one client call may still spend: the time left before its deadline and the caller's
 * cancellation. Shared by the call's attempts, its waits for an access token and its retry sleeps, so
 * no part of the call can outlive either.
 */
export class CallBudget {
  private readonly endsAt: number;

  /**
   * @param deadlineMs budget of the whole call; `undefined` for none (attempts keep their own timeout)
   * @param signal the caller's cancellation, if any
   * @param now monotonic clock in milliseconds, injectable for specs
   * @default now performance.now
   */
  constructor(
    readonly deadlineMs: number | undefined,
    readonly signal: AbortSignal | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.endsAt = deadlineMs === undefined ? Infinity : now() + deadlineMs;
  }

  /** Milliseconds left before the deadline (`Infinity` without one; may be negative). */
  leftMs(): number {
    return this.endsAt - this.now();
  }

  /**
   * Throws unless the call may go on.
   * @throws NomosAbortedError when the caller gave up; NomosTimeoutError when the deadline has passed
   */
  check(what: string): void {
    if (this.signal?.aborted) throw new NomosAbortedError();
    if (this.leftMs() <= 0) throw this.expired(what);
  }

  /**
   * Waits for `work` no longer than the time left and no longer than the caller stays. The work
   * itself is not stopped (it may be shared, like the single-flight token request).
   * @throws NomosAbortedError, NomosTimeoutError, or whatever `work` rejects with
   */
  async within<T>(work: Promise<T>, what: string): Promise<T> {
    this.check(what);
    const left = this.leftMs();
    if (left === Infinity && !this.signal) return work;
    let cleanup = () => undefined as void;
    const stop = new Promise<never>((_resolve, reject) => {
      const timer = left === Infinity ? undefined : setTimeout(() => reject(this.expired(what)), Math.ceil(left));
      const onAbort = () => reject(new NomosAbortedError());
      this.signal?.addEventListener('abort', onAbort, { once: true });
      cleanup = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
      };
    });
    try {
      return await Promise.race([work, stop]);
    } finally {
      cleanup();
    }
  }

  /** Sleeps `ms`, cut short by the caller's cancellation. @throws NomosAbortedError */
  async sleep(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, this.signal ? { signal: this.signal } : undefined);
    } catch {
      throw new NomosAbortedError();
    }
  }

  private expired(what: string): NomosTimeoutError {
    return new NomosTimeoutError(`Nomos API call reached its ${this.deadlineMs} ms deadline ${what}`, {
      retryable: true,
    });
  }
}
