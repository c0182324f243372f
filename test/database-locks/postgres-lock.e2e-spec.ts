import pg from 'pg';
import request from 'supertest';
import { DB_KINDS } from '../support/databases.js';
import type { LockEnv } from './lock-env.js';
import { lockEnv, POSTGRES_TIMEOUTS, writesIn } from './lock-env.js';
import { PEOPLE, signIn } from '../support/saml-app.js';

// Longer than lock_timeout, shorter than the 10 s mint deadline: an answer after this is a hang.
const HANG_MS = 8000;

(DB_KINDS.includes('postgres') ? describe : describe.skip)(
  'PostgreSQL table locks: /portal answers before the mint deadline',
  () => {
    let env: LockEnv;
    let agent: ReturnType<typeof request.agent>;
    let locker: pg.Client;

    beforeAll(async () => {
      // The settings the README recommends for the host's DataSource.
      env = await lockEnv('postgres', { extra: POSTGRES_TIMEOUTS });
      agent = request.agent(env.app.http);
      expect((await signIn(agent, env.idp, PEOPLE.alice)).status).toBe(303);
      locker = new pg.Client({ connectionString: (env.db.options as { url: string }).url });
      await locker.connect();
    });
    afterAll(async () => {
      await locker?.end();
      expect(await env?.close()).toEqual([]);
    });

    /** Runs `work` while another connection holds `lock` in an open transaction. */
    async function whileLocked<T>(lock: string, work: () => Promise<T>): Promise<T> {
      await locker.query('BEGIN');
      await locker.query(lock);
      try {
        return await work();
      } finally {
        await locker.query('ROLLBACK');
      }
    }

    it('nomos_customer_links locked ACCESS EXCLUSIVE: /portal answers 503, not when the lock ends', async () => {
      const answer = await whileLocked('LOCK TABLE nomos_customer_links IN ACCESS EXCLUSIVE MODE', () =>
        agent.get('/portal').redirects(0).timeout(HANG_MS),
      );
      expect(answer.status).toBe(503);
    });

    it(
      'nomos_sessions locked against writes: a signed-in ' + 'request within the touch interval does not wait',
      async () => {
        const before = env.statements.length;
        const answer = await whileLocked('LOCK TABLE nomos_sessions IN EXCLUSIVE MODE', () =>
          agent.get('/auth/saml/metadata').timeout(HANG_MS),
        );
        expect(answer.status).toBe(200);
        // The mechanism: the session was read (EXCLUSIVE lets readers through) and not written back.
        const ran = env.statements.slice(before);
        expect(ran.some((sql) => /FROM "nomos_sessions"/.test(sql))).toBe(true);
        expect(writesIn(ran)).toEqual([]);
      },
    );

    it('nomos_sessions locked ACCESS EXCLUSIVE: the session read gives up with 503', async () => {
      const answer = await whileLocked('LOCK TABLE nomos_sessions IN ACCESS EXCLUSIVE MODE', () =>
        agent.get('/auth/saml/metadata').timeout(HANG_MS),
      );
      expect(answer.status).toBe(503);
    });

    it('with the locks gone, the same session opens the portal', async () => {
      const answer = await agent.get('/portal').redirects(0).timeout(HANG_MS);
      expect(answer.status).toBe(302);
    });
  },
);
