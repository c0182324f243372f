/** Options of `TypeOrmSessionStore`. */
export interface TypeOrmSessionStoreOptions {
  /**
   * Lifetime of a session whose cookie has no expiry (a browser-session cookie, no `maxAge`).
   * @default 86400000 (one day)
   */
  ttlMs?: number;
  /**
   * Least time between two opportunistic purges of expired sessions by this store (run on `set`);
   * 0 purges on every `set`.
   * @default 60000
   */
  purgeIntervalMs?: number;
  /**
   * `touch` writes a session's new expiry only when it moves at least this far past the stored
   * one, so an active session costs one write per interval instead of one per request. A session
   * may then end up to this long before `idle timeout` after its last request. 0 writes on every
   * touch.
   * @default 0
   */
  touchIntervalMs?: number;
  /**
   * Told when an opportunistic purge fails; the `set` that triggered it goes on regardless.
   * @default ignores the failure (the next purge retries)
   */
  onPurgeError?: (error: unknown) => void;
  /**
   * Clock, epoch milliseconds; all replicas should agree (NTP).
   * @default Date.now
   */
  now?: () => number;
}
