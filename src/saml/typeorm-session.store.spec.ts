import type { SessionData } from 'express-session';
import { DataSource } from 'typeorm';
import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { inspect } from 'node:util';
import { NomosPortalError } from '../errors/index.js';
import { SessionStoreError } from './session-store.errors.js';
import { StoredSession } from './session.entity.js';
import { TypeOrmSessionStore } from './typeorm-session.store.js';
import type { TypeOrmSessionStoreOptions } from './typeorm-session.store.js';

const T0 = Date.UTC(2030, 0, 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What express-session hands a store, as plain data (the cookie serialises the same way). */
function sessionData(extra: Record<string, unknown> = {}, expires: Date | null = null): SessionData {
  return {
    cookie: { originalMaxAge: expires ? expires.getTime() - T0 : null, expires, httpOnly: true, path: '/' },
    ...extra,
  };
}

/** The store's callback API as promises; the error, if any, is what the callback received. */
function call<T>(invoke: (callback: (error: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) =>
    invoke((error, value) => {
      if (!error) return resolve(value);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as received (specs check it)
      reject(error);
    }),
  );
}

describe('TypeOrmSessionStore (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let sessions: Repository<StoredSession>;
  let clock: number;
  const make = (options: TypeOrmSessionStoreOptions = {}) =>
    new TypeOrmSessionStore(dataSource, { now: () => clock, ...options });

  beforeEach(async () => {
    clock = T0;
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [StoredSession],
      migrations: nomosPortalMigrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    sessions = dataSource.getRepository(StoredSession);
  });
  afterEach(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  it('stores a session as JSON, reads it back and overwrites it on the next set', async () => {
    const store = make();
    const expires = new Date(T0 + 3_600_000);
    await call((cb) => store.set('sid-1', sessionData({ user: { id: 'alice', roles: ['a'] } }, expires), cb));
    const row = await sessions.findOneByOrFail({ sid: 'sid-1' });
    expect(row.expiresAt).toBe(expires.getTime());
    expect(JSON.parse(row.data)).toMatchObject({ user: { id: 'alice' } });

    const read = await call<SessionData | null>((cb) => store.get('sid-1', cb));
    expect(read).toMatchObject({ user: { id: 'alice', roles: ['a'] }, cookie: { expires: expires.toISOString() } });

    await call((cb) => store.set('sid-1', sessionData({ user: { id: 'bob' } }, expires), cb));
    expect(await call<SessionData | null>((cb) => store.get('sid-1', cb))).toMatchObject({ user: { id: 'bob' } });
    expect(await sessions.count()).toBe(1);
  });

  it('gives a session without cookie expiry the default TTL (or ttlMs)', async () => {
    await call((cb) => make().set('default', sessionData(), cb));
    await call((cb) => make({ ttlMs: 5000 }).set('short', sessionData(), cb));
    expect((await sessions.findOneByOrFail({ sid: 'default' })).expiresAt).toBe(T0 + DAY);
    expect((await sessions.findOneByOrFail({ sid: 'short' })).expiresAt).toBe(T0 + 5000);
  });

  it('returns nothing for an unknown or expired session, and deletes the expired one', async () => {
    const store = make();
    expect(await call((cb) => store.get('nope', cb))).toBeNull();
    await call((cb) => store.set('old', sessionData({ n: 1 }, new Date(T0 + 1000)), cb));
    clock = T0 + 999;
    expect(await call((cb) => store.get('old', cb))).toMatchObject({ n: 1 });
    clock = T0 + 1000;
    expect(await call((cb) => store.get('old', cb))).toBeNull();
    expect(await sessions.countBy({ sid: 'old' })).toBe(0);
  });

  it('touch extends a live session without changing its data', async () => {
    const store = make();
    await call((cb) => store.set('t', sessionData({ n: 1 }, new Date(T0 + 1000)), cb));
    await call((cb) => store.touch('t', sessionData({ n: 2 }, new Date(T0 + 9000)), cb));
    const row = await sessions.findOneByOrFail({ sid: 't' });
    expect(row.expiresAt).toBe(T0 + 9000);
    expect(JSON.parse(row.data)).toMatchObject({ n: 1 });
  });

  it('touch does not bring back a destroyed or expired session', async () => {
    const store = make();
    await call((cb) => store.touch('never', sessionData({}, new Date(T0 + 9000)), cb));
    await call((cb) => store.set('gone', sessionData({}, new Date(T0 + 1000)), cb));
    await call((cb) => store.destroy('gone', cb));
    await call((cb) => store.touch('gone', sessionData({}, new Date(T0 + 9000)), cb));
    await call((cb) => store.set('late', sessionData({}, new Date(T0 + 1000)), cb));
    clock = T0 + 1000;
    await call((cb) => store.touch('late', sessionData({}, new Date(T0 + 9000)), cb));
    expect(await sessions.find()).toEqual([expect.objectContaining({ sid: 'late', expiresAt: T0 + 1000 })]);
  });

  it('destroys one session, counts live ones and clears all', async () => {
    const store = make();
    for (const sid of ['a', 'b', 'c']) await call((cb) => store.set(sid, sessionData({}, new Date(T0 + 1000)), cb));
    await call((cb) => store.set('expired', sessionData({}, new Date(T0 - 1)), cb));
    await call((cb) => store.destroy('a', cb));
    await call((cb) => store.destroy('unknown', cb));
    expect(await call((cb) => store.length(cb))).toBe(2);
    await call((cb) => store.clear(cb));
    expect(await sessions.count()).toBe(0);
  });

  it('purges expired sessions on set, at most once per purgeIntervalMs', async () => {
    const store = make({ purgeIntervalMs: 60_000 });
    await call((cb) => store.set('x1', sessionData({}, new Date(T0 + 10)), cb));
    clock = T0 + 20;
    await call((cb) => store.set('x2', sessionData({}, new Date(T0 + 30)), cb));
    expect(await sessions.count()).toBe(2);
    clock = T0 + 60_000;
    await call((cb) => store.set('x3', sessionData(), cb));
    expect((await sessions.find()).map((row) => row.sid)).toEqual(['x3']);
    clock = T0 + 60_000 + DAY;
    expect(await store.purgeExpired()).toBe(1);
  });

  it('works from a Repository as well as from a DataSource', async () => {
    const store = new TypeOrmSessionStore(sessions, { now: () => clock });
    await call((cb) => store.set('repo', sessionData({ via: 'repo' }), cb));
    expect(await call((cb) => make().get('repo', cb))).toMatchObject({ via: 'repo' });
  });

  it('hands every database error to the callback instead of throwing', async () => {
    const store = make();
    await dataSource.destroy();
    const errors = await Promise.all([
      call((cb) => store.get('s', cb)).catch((e: unknown) => e),
      call((cb) => store.set('s', sessionData(), cb)).catch((e: unknown) => e),
      call((cb) => store.touch('s', sessionData(), cb)).catch((e: unknown) => e),
      call((cb) => store.destroy('s', cb)).catch((e: unknown) => e),
      call((cb) => store.length(cb)).catch((e: unknown) => e),
      call((cb) => store.clear(cb)).catch((e: unknown) => e),
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(Error);
  });

  it('hands a DataSource without the entity, and corrupt data, to the callback', async () => {
    const bare = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await bare.initialize();
    await expect(call((cb) => new TypeOrmSessionStore(bare).get('s', cb))).rejects.toThrow(/StoredSession/);
    await bare.destroy();
    await sessions.insert({ sid: 'bad', data: '{not json', expiresAt: T0 + 1000 });
    // Not JSON.parse's SyntaxError: its message quotes the stored text (session data) into the logs.
    const corrupt = await call((cb) => make().get('bad', cb)).catch((e: unknown) => e);
    expect(corrupt).toBeInstanceOf(SessionStoreError);
    expect(inspect(corrupt)).not.toContain('not json');
  });

  it('wraps driver errors in a SessionStoreError that prints neither session id nor data', async () => {
    const store = make();
    const sid = 'sid-secret-0123456789';
    // A CHECK that fails every write makes the driver quote the statement's parameters.
    await dataSource.query(
      `CREATE TRIGGER no_write BEFORE INSERT ON nomos_sessions BEGIN SELECT RAISE(ABORT, 'no writes'); END`,
    );
    const error = await call((cb) => store.set(sid, sessionData({ secretField: 'session-json-marker' }), cb)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toBeInstanceOf(NomosPortalError);
    expect(error).toMatchObject({ operation: 'set', message: expect.stringMatching(/^Session store set failed/) });
    // What Nest's ConsoleLogger prints for an error (util.inspect: stack, cause, own properties).
    const printed = inspect(error, { depth: 10 });
    expect(printed).not.toContain(sid);
    expect(printed).not.toContain('session-json-marker');
    expect(printed).not.toContain('cause');
    expect(String((error as SessionStoreError).driverError())).toMatch(/no writes/);
  });

  it('with touchIntervalMs, touch writes only when the expiry moves that far past the stored one', async () => {
    const store = make({ touchIntervalMs: 60_000 });
    const at = (ms: number) => sessionData({}, new Date(T0 + ms));
    await call((cb) => store.set('s', at(HOUR), cb));
    await call((cb) => store.get('s', cb));
    // A trigger that fails every UPDATE proves that skipped touches send no query at all.
    await dataSource.query(
      `CREATE TRIGGER no_update BEFORE UPDATE ON nomos_sessions BEGIN SELECT RAISE(ABORT, 'no updates'); END`,
    );
    await call((cb) => store.touch('s', at(HOUR + 59_999), cb));
    await dataSource.query('DROP TRIGGER no_update');
    expect((await sessions.findOneByOrFail({ sid: 's' })).expiresAt).toBe(T0 + HOUR);
    await call((cb) => store.touch('s', at(HOUR + 60_000), cb));
    expect((await sessions.findOneByOrFail({ sid: 's' })).expiresAt).toBe(T0 + HOUR + 60_000);
    // Unknown to this store (another replica's session, not read here): written.
    await sessions.insert({ sid: 'other', data: '{}', expiresAt: T0 + HOUR });
    await call((cb) => store.touch('other', at(HOUR + 1), cb));
    expect((await sessions.findOneByOrFail({ sid: 'other' })).expiresAt).toBe(T0 + HOUR + 1);
  });

  it('reports a failed purge to onPurgeError and still saves', async () => {
    const failures: unknown[] = [];
    const store = make({ onPurgeError: (error) => failures.push(error) });
    await sessions.insert({ sid: 'stale', data: '{}', expiresAt: T0 - 1 });
    // A trigger that fails only DELETEs makes the purge fail while the upsert works.
    await dataSource.query(
      `CREATE TRIGGER no_delete BEFORE DELETE ON nomos_sessions BEGIN SELECT RAISE(ABORT, 'no deletes'); END`,
    );
    await call((cb) => store.set('kept', sessionData(), cb));
    expect(failures).toHaveLength(1);
    expect(await sessions.countBy({ sid: 'kept' })).toBe(1);
  });

  it('refuses nonsensical options at construction', () => {
    expect(() => make({ ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => make({ purgeIntervalMs: Number.NaN })).toThrow(/purgeIntervalMs/);
    expect(() => make({ touchIntervalMs: -1 })).toThrow(/touchIntervalMs/);
  });
});
