import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { StoredSession } from '../../src/saml/session.entity.js';
import { TypeOrmSessionStore } from '../../src/saml/typeorm-session.store.js';
import type { TypeOrmSessionStoreOptions } from '../../src/saml/typeorm-session.store.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

const HOUR = 3_600_000;

// Session fields used here only; no module augmentation, so nothing leaks into the app's types.
const bag = (req: Request) => req.session as unknown as { who?: string; visits?: number };

/** One replica: its own express app and store, on 127.0.0.1 port 0, sharing only the database. */
async function startReplica(ds: DataSource, options: TypeOrmSessionStoreOptions = {}): Promise<Server> {
  const app = express();
  app.use(
    session({
      store: new TypeOrmSessionStore(ds, options),
      secret: 'test-only-session-secret',
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { maxAge: HOUR, httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.post('/login/:who', (req, res, next) =>
    req.session.regenerate((err) => {
      if (err) return next(err);
      bag(req).who = req.params.who;
      res.json({ ok: true });
    }),
  );
  app.post('/visit', (req, res) => res.json({ visits: (bag(req).visits = (bag(req).visits ?? 0) + 1) }));
  app.get('/me', (req, res) => res.json({ who: bag(req).who ?? null, visits: bag(req).visits ?? 0 }));
  app.post('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.json({ ok: true }))));
  // Store errors arrive here through express-session's callbacks; the body says nothing more.
  app.use(
    (_err: unknown, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ error: 'store' }),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  return server;
}

describeEachDb('TypeOrmSessionStore behind two express replicas', (kind) => {
  let t: TestDataSource;
  let otherDs: DataSource;
  const servers: Server[] = [];
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    t = await openTestDataSource(kind, { entities: [StoredSession], migrations: nomosPortalMigrations });
    otherDs = new DataSource({ ...t.db.options, entities: [StoredSession] });
    await otherDs.initialize();
    a = await startReplica(t.dataSource);
    b = await startReplica(otherDs);
    servers.push(a, b);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    if (otherDs?.isInitialized) await otherDs.destroy();
    await t?.close();
  });

  const sessions = () => t.dataSource.getRepository(StoredSession);
  const login = async (server: Server, who: string) => {
    const res = await request(server).post(`/login/${who}`).expect(200);
    const cookie = res.headers['set-cookie'] as unknown as string[];
    expect(cookie[0]).toMatch(/^connect\.sid=.*HttpOnly/);
    return cookie[0].split(';')[0];
  };

  it('reads on B a session created on A, and on A what B changed', async () => {
    const cookie = await login(a, 'alice');
    expect((await request(b).get('/me').set('Cookie', cookie).expect(200)).body).toEqual({ who: 'alice', visits: 0 });
    await request(b).post('/visit').set('Cookie', cookie).expect(200);
    await request(b).post('/visit').set('Cookie', cookie).expect(200);
    expect((await request(a).get('/me').set('Cookie', cookie).expect(200)).body).toEqual({ who: 'alice', visits: 2 });
    expect((await request(a).get('/me').expect(200)).body.who).toBeNull();
  });

  it('ends the session everywhere when one replica logs out', async () => {
    const cookie = await login(a, 'bob');
    await request(b).post('/logout').set('Cookie', cookie).expect(200);
    expect((await request(a).get('/me').set('Cookie', cookie).expect(200)).body.who).toBeNull();
    expect((await request(b).get('/me').set('Cookie', cookie).expect(200)).body.who).toBeNull();
  });

  it('stores the cookie expiry and moves it forward through touch on an unmodified session', async () => {
    const cookie = await login(a, 'carol');
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    const first = (await sessions().findOneByOrFail({ sid })).expiresAt;
    expect(Math.abs(first - (Date.now() + HOUR))).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 25));
    await request(b).get('/me').set('Cookie', cookie).expect(200);
    const touched = await sessions().findOneByOrFail({ sid });
    expect(touched.expiresAt).toBeGreaterThan(first);
    expect(JSON.parse(touched.data)).toMatchObject({ who: 'carol' });
  });

  it('treats an expired session as absent on every replica and deletes it', async () => {
    const cookie = await login(a, 'dave');
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    // A replica whose clock is two hours ahead sees the one-hour session as expired.
    const late = await startReplica(otherDs, { now: () => Date.now() + 2 * HOUR });
    servers.push(late);
    expect((await request(late).get('/me').set('Cookie', cookie).expect(200)).body.who).toBeNull();
    expect(await sessions().countBy({ sid })).toBe(0);
    expect((await request(a).get('/me').set('Cookie', cookie).expect(200)).body.who).toBeNull();
  });

  it('turns a database failure into an error response, not a crash', async () => {
    const cookie = await login(a, 'erin');
    const brokenDs = new DataSource({ ...t.db.options, entities: [StoredSession] });
    await brokenDs.initialize();
    const broken = await startReplica(brokenDs);
    servers.push(broken);
    await brokenDs.destroy();
    expect((await request(broken).get('/me').set('Cookie', cookie).expect(500)).body).toEqual({ error: 'store' });
    expect((await request(broken).post('/login/frank').expect(500)).body).toEqual({ error: 'store' });
    expect((await request(a).get('/me').set('Cookie', cookie).expect(200)).body.who).toBe('erin');
  });
});
