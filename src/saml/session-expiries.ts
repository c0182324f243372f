/** Most sessions whose stored expiry one store remembers. */
const REMEMBERED_SESSIONS = 10_000;

/**
 * sid → the expiry this process last read or wrote for it, so `touch` can skip a write that would
 * move the expiry less than its interval. express-session reads a session (`get`) at the start of
 * the request it touches at the end, so the entry is fresh. Bounded: the oldest entry goes first,
 * and a forgotten session is merely touched once more than needed.
 */
export class SessionExpiries {
  private readonly expiries = new Map<string, number>();

  /** The expiry last seen for `sid`, if remembered. */
  get(sid: string): number | undefined {
    return this.expiries.get(sid);
  }

  /** Remembers `expiresAt` for `sid`, as the newest entry. */
  remember(sid: string, expiresAt: number): void {
    this.expiries.delete(sid);
    this.expiries.set(sid, expiresAt);
    if (this.expiries.size > REMEMBERED_SESSIONS) this.expiries.delete(this.expiries.keys().next().value as string);
  }

  /** Forgets `sid`. */
  forget(sid: string): void {
    this.expiries.delete(sid);
  }

  /** Forgets every session. */
  clear(): void {
    this.expiries.clear();
  }
}
