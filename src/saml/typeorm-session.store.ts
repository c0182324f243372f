import session from 'express-session';
import type { SessionData } from 'express-session';
import { EntityMetadataNotFoundError, LessThanOrEqual, MoreThan } from 'typeorm';
import type { DataSource, Repository } from 'typeorm';
import { SessionStoreError } from './session-store.errors.js';
import { StoredSession } from './session.entity.js';
import { retryWhileSqliteBusy } from '../common/sqlite-busy.js';
import type { TypeOrmSessionStoreOptions } from './typeorm-session-store.options.js';

export type { TypeOrmSessionStoreOptions } from './typeorm-session-store.options.js';

type Callback<T> = (error: unknown, value?: T) => void;

/**
 * An `express-session` store on table `nomos_sessions`, through TypeORM, so every replica sharing
 * the database sees the same sessions. Not tied to Nest: any host can pass its own `DataSource`
 * (with {@link StoredSession} among its entities and the package's migrations applied).
 *
 * Every failure goes to the callback, never thrown. Expired sessions are never returned.
 *
 * @example
 * ```ts
 * app.use(session({ store: new TypeOrmSessionStore(dataSource), secret, resave: false, saveUninitialized: false }));
 * ```
 */
export class TypeOrmSessionStore extends session.Store {
  private readonly ttlMs: number;
  private readonly purgeIntervalMs: number;
  private readonly onPurgeError: (error: unknown) => void;
  private readonly now: () => number;
  private readonly touchIntervalMs: number;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;
  // sid → the expiry last read or written here; `touch` compares against it. express-session reads
  // a session (`get`) at the start of the request it touches at the end, so this is fresh.
  private readonly storedExpiry = new Map<string, number>();

  /**
   * @param source a DataSource with {@link StoredSession} registered (looked up lazily, so it may be
   *   initialised later), or that entity's repository
   * @throws RangeError when `ttlMs`, `purgeIntervalMs` or `touchIntervalMs` is not a sensible
   *   number of milliseconds
   */
  constructor(
    private readonly source: DataSource | Repository<StoredSession>,
    options: TypeOrmSessionStoreOptions = {},
  ) {
    super();
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    this.touchIntervalMs = options.touchIntervalMs ?? 0;
    if (!(this.ttlMs > 0) || !Number.isFinite(this.ttlMs)) throw new RangeError('ttlMs must be > 0 ms');
    if (!(this.purgeIntervalMs >= 0)) throw new RangeError('purgeIntervalMs must be >= 0 ms');
    if (!(this.touchIntervalMs >= 0) || !Number.isFinite(this.touchIntervalMs)) throw new RangeError('touchIntervalMs must be >= 0 ms');
    this.onPurgeError = options.onPurgeError ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  /** Reads a session; an expired one is deleted and reported as absent (`null`). */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    settle(async () => {
      const now = this.now();
      const row = await this.query('get', (rows) => rows.findOneBy({ sid }));
      if (row && row.expiresAt > now) {
        this.remember(sid, row.expiresAt);
        return parse(row.data);
      }
      // Conditional, so that a session another replica just extended is kept.
      if (row) await this.query('get', (rows) => rows.delete({ sid, expiresAt: LessThanOrEqual(now) }));
      return null;
    }, callback);
  }

  /** Creates or replaces a session (an atomic upsert on `sid`), expiring with its cookie. */
  override set(sid: string, data: SessionData, callback?: Callback<void>): void {
    settle(async () => {
      const now = this.now();
      await this.purgeIfDue(now);
      const row = { sid, data: JSON.stringify(data), expiresAt: this.expiryOf(data, now) };
      await this.query('set', (rows) => rows.upsert(row, ['sid']));
      this.remember(sid, row.expiresAt);
    }, callback);
  }

  /**
   * Pushes back the expiry of a live session. An UPDATE, not an upsert: a session destroyed or
   * expired meanwhile (logout on another replica) must not come back. Skipped while the new expiry
   * is less than `touchIntervalMs` past the stored one: no query at all.
   */
  override touch(sid: string, data: SessionData, callback?: Callback<void>): void {
    settle(async () => {
      const now = this.now();
      const expiresAt = this.expiryOf(data, now);
      const stored = this.storedExpiry.get(sid);
      if (stored !== undefined && expiresAt - stored < this.touchIntervalMs) return;
      await this.query('touch', (rows) => rows.update({ sid, expiresAt: MoreThan(now) }, { expiresAt }));
      this.remember(sid, expiresAt);
    }, callback);
  }

  /** Deletes a session; deleting an unknown one is not an error. */
  override destroy(sid: string, callback?: Callback<void>): void {
    settle(async () => {
      this.storedExpiry.delete(sid);
      await this.query('destroy', (rows) => rows.delete({ sid }));
    }, callback);
  }

  /** Counts live sessions. */
  override length(callback: Callback<number>): void {
    settle(() => this.query('length', (rows) => rows.countBy({ expiresAt: MoreThan(this.now()) })), callback);
  }

  /** Deletes every session (all users are signed out). */
  override clear(callback?: Callback<void>): void {
    settle(async () => {
      this.storedExpiry.clear();
      await this.query('clear', (rows) => rows.createQueryBuilder().delete().execute());
    }, callback);
  }

  /** Deletes expired sessions; `set` also runs it, at most once per `purgeIntervalMs`. @returns how many */
  async purgeExpired(): Promise<number> {
    return (await this.query('purge', (rows) => rows.delete({ expiresAt: LessThanOrEqual(this.now()) }))).affected ?? 0;
  }

  private async purgeIfDue(now: number): Promise<void> {
    if (now - this.lastPurgeAt < this.purgeIntervalMs) return;
    this.lastPurgeAt = now;
    await this.purgeExpired().catch(this.onPurgeError);
  }

  private expiryOf(data: SessionData, now: number): number {
    const expires = data.cookie?.expires;
    const at = expires ? new Date(expires).getTime() : Number.NaN;
    return Number.isFinite(at) ? at : now + this.ttlMs;
  }

  /**
   * One database call: retried while SQLite is locked by another process (without blocking the
   * loop), and any failure replaced by a {@link SessionStoreError}, because the driver's error
   * quotes the query's parameters (session ids, session JSON) and would reach the logs.
   */
  private async query<T>(operation: string, run: (rows: Repository<StoredSession>) => Promise<T>): Promise<T> {
    const rows = this.repository();
    try {
      return await retryWhileSqliteBusy(() => run(rows));
    } catch (error) {
      // A set-up mistake (entity not registered) names the entity, never data: keep it as it is.
      if (error instanceof EntityMetadataNotFoundError) throw error;
      throw new SessionStoreError(operation, error);
    }
  }

  private remember(sid: string, expiresAt: number): void {
    this.storedExpiry.delete(sid);
    this.storedExpiry.set(sid, expiresAt);
    // Oldest first; a forgotten session is merely touched once more than needed.
    if (this.storedExpiry.size > REMEMBERED_SESSIONS) this.storedExpiry.delete(this.storedExpiry.keys().next().value as string);
  }

  private repository(): Repository<StoredSession> {
    return 'getRepository' in this.source ? this.source.getRepository(StoredSession) : this.source;
  }
}

/** Most sessions whose stored expiry this store remembers for `touch`. */
const REMEMBERED_SESSIONS = 10_000;

// JSON.parse's message quotes the text it choked on: session data, never to be logged.
function parse(data: string): SessionData {
  try {
    return JSON.parse(data) as SessionData;
  } catch (error) {
    throw new SessionStoreError('get', error, 'the stored session is not valid JSON');
  }
}

// Runs `work` and hands its outcome to the callback exactly once; synchronous throws included.
// The callback runs outside the promise's error path, so an exception it raises is not reported back to it.
function settle<T>(work: () => Promise<T>, callback?: Callback<T>): void {
  Promise.resolve()
    .then(work)
    .then(
      (value) => callback?.(null, value),
      (error: unknown) => callback?.(error),
    );
}
