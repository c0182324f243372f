/**
 * Maps a rate-limit store's clock onto this process's (`performance.now()`), as NTP does: the offset
 * measured on the fastest round trip seen lately, since a slow answer says little about when the
 * store decided. Replicas then start their calls at the store's slot times, not at "now + wait"
 * (which a slow answer would shift).
 * @param maxAgeMs after this long, any sample replaces the best one (clocks drift). @default 30000
 */
export class StoreClock {
  private offset = 0;
  private bestRtt = Infinity;
  private bestAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxAgeMs = 30_000) {}

  /** One round trip: local times around the call and the store's clock when it decided. */
  observe(before: number, after: number, storeNow: number): void {
    const rtt = after - before;
    if (!Number.isFinite(storeNow) || (rtt > this.bestRtt && after - this.bestAt <= this.maxAgeMs)) return;
    this.offset = (before + after) / 2 - storeNow;
    this.bestRtt = rtt;
    this.bestAt = after;
  }

  /** A store time on the local clock. */
  toLocal(storeTime: number): number {
    return storeTime + this.offset;
  }
}
