import session from 'express-session';
import type { SessionData } from 'express-session';
import { LessThanOrEqual, MoreThan } from 'typeorm';
import type { DataSource, Repository } from 'typeorm';
import { NomosPortalConfigError } from '../errors/index.js';
import type { PersonKey } from '../identity/index.js';
import { personKeyHash } from '../identity/index.js';
import { DuePurge } from './due-purge.js';
import { SessionExpiries } from './session-expiries.js';
import { SessionRows } from './session-rows.js';
import { SessionStoreError } from './session-store.errors.js';
import type { StoredSession } from './session.entity.js';
import { settle } from './store-callback.js';
import type { StoreCallback } from './store-callback.js';
import type { TypeOrmSessionStoreOptions } from './typeorm-session-store.options.js';

export type { TypeOrmSessionStoreOptions } from './typeorm-session-store.options.js';

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
  private readonly touchIntervalMs: number;
  private readonly now: () => number;
  private readonly rows: SessionRows;
  private readonly purge: DuePurge;
  private readonly storedExpiry = new SessionExpiries();

  /**
   * @param source a DataSource with {@link StoredSession} registered (looked up lazily, so it may be
   *   initialised later), or that entity's repository
   * @throws NomosPortalConfigError when `ttlMs`, `purgeIntervalMs` or `touchIntervalMs` is not a sensible
   *   number of milliseconds
   */
  constructor(source: DataSource | Repository<StoredSession>, options: TypeOrmSessionStoreOptions = {}) {
    super();
    this.ttlMs = options.ttlMs ?? 86_400_000;
    const purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    this.touchIntervalMs = options.touchIntervalMs ?? 0;
    if (!(this.ttlMs > 0) || !Number.isFinite(this.ttlMs)) throw new NomosPortalConfigError('ttlMs must be > 0 ms');
    if (!(purgeIntervalMs >= 0)) throw new NomosPortalConfigError('purgeIntervalMs must be >= 0 ms');
    if (!(this.touchIntervalMs >= 0) || !Number.isFinite(this.touchIntervalMs))
      throw new NomosPortalConfigError('touchIntervalMs must be >= 0 ms');
    this.now = options.now ?? Date.now;
    this.rows = new SessionRows(source);
    this.purge = new DuePurge(purgeIntervalMs, () => this.purgeExpired(), options.onPurgeError ?? (() => undefined));
  }

  /** Reads a session; an expired one is deleted and reported as absent (`null`). */
  override get(sid: string, callback: StoreCallback<SessionData | null>): void {
    settle(async () => {
      const now = this.now();
      const row = await this.rows.find(sid);
      if (row && row.expiresAt > now) {
        this.storedExpiry.remember(sid, row.expiresAt);
        return parse(row.data);
      }
      // Conditional, so that a session another replica just extended is kept.
      if (row) await this.rows.run('get', (rows) => rows.delete({ sid, expiresAt: LessThanOrEqual(now) }));
      return null;
    }, callback);
  }

  /** Creates or replaces a session (an atomic upsert on `sid`), expiring with its cookie. */
  override set(sid: string, data: SessionData, callback?: StoreCallback<void>): void {
    settle(async () => {
      const now = this.now();
      await this.purge.runIfDue(now);
      const row = {
        sid,
        data: JSON.stringify(data),
        expiresAt: this.expiryOf(data, now),
        personKey: personKeyOf(data),
      };
      await this.rows.run('set', (rows) => rows.upsert(row, ['sid']));
      this.storedExpiry.remember(sid, row.expiresAt);
    }, callback);
  }

  /**
   * Pushes back the expiry of a live session. An UPDATE, not an upsert: a session destroyed or
   * expired meanwhile (logout on another replica) must not come back. Skipped while the new expiry
   * is less than `touchIntervalMs` past the stored one: no query at all.
   */
  override touch(sid: string, data: SessionData, callback?: StoreCallback<void>): void {
    settle(async () => {
      const now = this.now();
      const expiresAt = this.expiryOf(data, now);
      const stored = this.storedExpiry.get(sid);
      if (stored !== undefined && expiresAt - stored < this.touchIntervalMs) return;
      await this.rows.run('touch', (rows) => rows.update({ sid, expiresAt: MoreThan(now) }, { expiresAt }));
      this.storedExpiry.remember(sid, expiresAt);
    }, callback);
  }

  /**
   * Ends every session of `person` (deprovisioning): the rows go, so each replica's next read of such
   * a session finds none.
   * @returns how many sessions were ended
   */
  async revokePerson(person: PersonKey): Promise<number> {
    const personKey = personKeyHash(person);
    const result = await this.rows.run('revoke', (rows) => rows.delete({ personKey }));
    return result.affected ?? 0;
  }

  /** Deletes a session; deleting an unknown one is not an error. */
  override destroy(sid: string, callback?: StoreCallback<void>): void {
    settle(async () => {
      this.storedExpiry.forget(sid);
      await this.rows.run('destroy', (rows) => rows.delete({ sid }));
    }, callback);
  }

  /** Counts live sessions. */
  override length(callback: StoreCallback<number>): void {
    settle(() => this.rows.run('length', (rows) => rows.countBy({ expiresAt: MoreThan(this.now()) })), callback);
  }

  /** Deletes every session (all users are signed out). */
  override clear(callback?: StoreCallback<void>): void {
    settle(async () => {
      this.storedExpiry.clear();
      await this.rows.run('clear', (rows) => rows.createQueryBuilder().delete().execute());
    }, callback);
  }

  /** Deletes expired sessions; `set` also runs it, at most once per `purgeIntervalMs`. @returns how many */
  async purgeExpired(): Promise<number> {
    return (
      (await this.rows.run('purge', (rows) => rows.delete({ expiresAt: LessThanOrEqual(this.now()) }))).affected ?? 0
    );
  }

  private expiryOf(data: SessionData, now: number): number {
    const expires = data.cookie?.expires;
    const at = expires ? new Date(expires).getTime() : Number.NaN;
    return Number.isFinite(at) ? at : now + this.ttlMs;
  }
}

// JSON.parse's message quotes the text it choked on: session data, never to be logged.
function parse(data: string): SessionData {
  try {
    return JSON.parse(data) as SessionData;
  } catch (error) {
    throw new SessionStoreError('get', error, 'the stored session is not valid JSON');
  }
}

/** The digest of the signed-in person the session holds (passport's `user`), if it names one. */
function personKeyOf(data: SessionData): string | null {
  const user = (data as { passport?: { user?: { id?: unknown; issuer?: unknown } } }).passport?.user;
  return typeof user?.id === 'string' && typeof user.issuer === 'string'
    ? personKeyHash({ issuer: user.issuer, subject: user.id })
    : null;
}
