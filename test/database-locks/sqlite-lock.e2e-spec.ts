import request from 'supertest';
import type { LockEnv } from './lock-env.js';
import { holdSqliteLock, lockEnv, loopBlockedDuring, writesIn } from './lock-env.js';
import { PEOPLE, signIn } from '../support/saml-app.js';

// better-sqlite3 used to wait up to 5 s for a lock with the whole process stopped (one gap of at
// least 5 s, longer on a busy machine); the bound below is half that, and far above the scheduling
// hiccups of a busy 2-core machine (the gaps of a free loop are milliseconds).
const FROZEN_MS = 2500;

describe('SQLite locked by another process: the event loop stays free', () => {
  let env: LockEnv;
  let agent: ReturnType<typeof request.agent>;
  const file = () => (env.db.options as { database: string }).database;

  beforeAll(async () => {
    env = await lockEnv('sqlite');
    agent = request.agent(env.app.http);
    expect((await signIn(agent, env.idp, PEOPLE.alice)).status).toBe(303);
  });
  afterAll(async () => expect(await env?.close()).toEqual([]));

  it('a signed-in request within the touch interval writes nothing, so a write lock holds nothing up', async () => {
    const lock = await holdSqliteLock(file(), 'IMMEDIATE');
    try {
      const before = env.statements.length;
      const { result, longestBlockMs } = await loopBlockedDuring(() => agent.get('/auth/saml/metadata'));
      expect(result.status).toBe(200);
      // The mechanism: the session was read (readers pass a write lock) and not written back.
      const ran = env.statements.slice(before);
      expect(ran.some((sql) => /FROM "nomos_sessions"/.test(sql))).toBe(true);
      expect(writesIn(ran)).toEqual([]);
      expect(longestBlockMs).toBeLessThan(FROZEN_MS);
    } finally {
      await lock.release();
    }
  });

  it('/portal, which must write its audit row, answers 503 at once instead of freezing the process', async () => {
    const lock = await holdSqliteLock(file(), 'IMMEDIATE');
    try {
      const { result, longestBlockMs } = await loopBlockedDuring(() => agent.get('/portal').redirects(0));
      expect(result.status).toBe(503);
      expect(longestBlockMs).toBeLessThan(FROZEN_MS);
    } finally {
      await lock.release();
    }
  });

  it('a lock that stops even reads: the session read retries without blocking, then 503', async () => {
    const lock = await holdSqliteLock(file(), 'EXCLUSIVE');
    try {
      const { result, longestBlockMs } = await loopBlockedDuring(() => agent.get('/auth/saml/metadata'));
      expect(result.status).toBe(503);
      expect(longestBlockMs).toBeLessThan(FROZEN_MS);
    } finally {
      await lock.release();
    }
  });

  it('once the lock is gone the same session opens the portal', async () => {
    const answer = await agent.get('/portal').redirects(0);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toMatch(/customerportal\.localhost/);
  });
});
