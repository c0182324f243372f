/**
 * Opportunistic housekeeping for a table of expiring rows: a write path calls {@link runIfDue}, and
 * `purge` runs at most once per `intervalMs` in this process (0: on every call). No timer: an idle
 * process costs nothing, and expired rows are never read as live meanwhile (reads check expiry).
 */
export class DuePurge {
  private lastAt = Number.NEGATIVE_INFINITY;

  /**
   * @param intervalMs least time between two purges by this process
   * @param purge deletes the expired rows
   * @param onError told when a purge fails; the write that triggered it goes on regardless
   */
  constructor(
    private readonly intervalMs: number,
    private readonly purge: () => Promise<unknown>,
    private readonly onError: (error: unknown) => unknown,
  ) {}

  /** Purges when one is due at `now` (epoch ms), and waits for it; never rejects for the purge's failure. */
  async runIfDue(now: number): Promise<void> {
    if (now - this.lastAt < this.intervalMs) return;
    // Stamped before the purge runs, so concurrent writes do not all start one.
    this.lastAt = now;
    await this.purge().catch(this.onError);
  }
}
