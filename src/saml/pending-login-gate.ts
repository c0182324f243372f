/** What the database says about outstanding logins (see `SamlCacheService.pendingLogins`). */
export interface PendingLoginCount {
  count: number;
  nextExpiryAt?: number;
}

/**
 * The login cap without a count per request: counting the request table on every anonymous
 * `GET /auth/saml/login` would make each request cost more the fuller an attacker made the table.
 * This process reads the count at most once per `refreshMs` (single-flight) and adds the logins it
 * admitted since, so the work per request is constant; other replicas' logins show up at the
 * next read, so the fleet may overshoot the cap by what it admits within `refreshMs`.
 */
export class PendingLoginGate {
  private snapshot?: PendingLoginCount & { at: number };
  private reading?: Promise<void>;

  constructor(
    private readonly read: () => Promise<PendingLoginCount>,
    private readonly limit: number,
    private readonly refreshMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** @returns `admitted: false` (with the soonest expiry, for Retry-After) when the cap is reached */
  async admit(): Promise<{ admitted: boolean; nextExpiryAt?: number }> {
    if (!this.snapshot || this.now() - this.snapshot.at >= this.refreshMs) await this.refresh();
    const snapshot = this.snapshot!;
    if (snapshot.count >= this.limit) return { admitted: false, nextExpiryAt: snapshot.nextExpiryAt };
    snapshot.count++;
    return { admitted: true };
  }

  private refresh(): Promise<void> {
    this.reading ??= this.read()
      .then((count) => {
        this.snapshot = { ...count, at: this.now() };
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
