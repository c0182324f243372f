import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** A GET /portal the test can cut off; `status` is set when a response arrived before that. */
function openPortal(t: PortalTestApp, user: string) {
  const { port } = (t.http as http.Server).address() as AddressInfo;
  const state: { status?: number; location?: string } = {};
  const req = http.request(
    { host: '127.0.0.1', port, path: '/portal', agent: false, headers: { 'x-test-user': user } },
    (res) => {
      state.status = res.statusCode;
      state.location = res.headers.location;
      res.resume();
    },
  );
  req.on('error', () => undefined); // the abort below
  req.end();
  return { state, abort: () => req.destroy() };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const openConnections = (t: PortalTestApp) =>
  new Promise<number>((resolve, reject) =>
    (t.http as http.Server).getConnections((e, n) => (e ? reject(e) : resolve(n))),
  );

// Timing on a busy machine: the deadline is far above what the slow-answer cases need (latency plus
// a loaded loop), and each latency is the window in which the test acts (abort, lock) after it saw
// the request reach Nomos, wide enough for a busy machine. Retry-After 30 still exceeds the deadline.
const DEADLINE_MS = 8000;
const ABORT_WINDOW_MS = 3000;
const LOCK_WINDOW_MS = 2000;

// Issue 7, item 8: a deadline on every mint, and honest outcomes when the person is gone.
describeEachDb('mint deadline and disconnects', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    // About deadlines and disconnects (every non-issued row is CLIENT_DISCONNECTED or abandoned); bursts
    // above the documented 10/s would add RATE_LIMITED rows, which rate-limit.e2e-spec.ts covers.
    t = await startPortalApp(kind, {
      nomos: { mintDeadlineMs: DEADLINE_MS, timeoutMs: 5000, maxRetries: 2 },
      emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD,
    });
    await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302); // warm the token
  });
  afterEach(() => {
    t.emulator.clearFaults();
    t.emulator.latencyMs = 0;
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const audit = () => t.app.get(AuditService);
  const rowsSince = async (id: number): Promise<MagicLinkAudit[]> =>
    (await audit().query({ limit: 500 })).items.filter((r) => r.id > id);
  const lastId = async () => (await audit().query({ limit: 1 })).items[0]?.id ?? 0;

  it(
    `Retry-After 30 with a ${DEADLINE_MS / 1000} s deadline ` + `fails fast with RATE_LIMITED instead of sleeping`,
    async () => {
      t.emulator.injectFault('mint', { status: 429, retryAfter: 30 }, 3);
      const mints = t.emulator.counters.mintRequests;
      const started = Date.now();
      const res = await request(t.http).get('/portal').set('x-test-user', 'alice');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(res.headers.location).toBeUndefined();
      // The mechanism: one attempt, no retry slept for; the bound only tells 30 s of sleep from none.
      expect(t.emulator.counters.mintRequests - mints).toBe(1);
      expect((await audit().query({ limit: 1 })).items[0]).toMatchObject({
        outcome: 'failed',
        errorCode: 'RATE_LIMITED',
        mintAttempts: 1,
      });
      expect(Date.now() - started).toBeLessThan(15_000);
    },
  );

  it(
    'a client gone while Nomos hangs: the mint is cut, no ' + 'link delivered, the row failed with its attempt counted',
    async () => {
      const since = await lastId();
      const mints = t.emulator.counters.mintRequests;
      t.emulator.injectFault('mint', { hang: true }, 3);
      const client = openPortal(t, 'alice');
      await waitFor(() => t.emulator.counters.mintRequests === mints + 1, 'the mint to reach Nomos');
      await new Promise((resolve) => setTimeout(resolve, 200));
      client.abort();
      await waitFor(async () => (await rowsSince(since)).some((r) => r.outcome !== 'pending'), 'the row to complete');
      const [row] = await rowsSince(since);
      expect(row).toMatchObject({
        outcome: 'failed',
        errorCode: 'CLIENT_DISCONNECTED',
        mintAttempts: 1,
        linkFingerprint: null,
      });
      expect(client.state.status).toBeUndefined();
      // No retry after the person left: Nomos saw exactly the attempt the row counts.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.emulator.counters.mintRequests - mints).toBe(1);
    },
  );

  it('under concurrent disconnects: mint calls seen == attempts audited, links written == issued rows', async () => {
    const since = await lastId();
    const mints = t.emulator.counters.mintRequests;
    t.emulator.latencyMs = ABORT_WINDOW_MS; // Nomos mints at once, then answers late
    const clients = Array.from({ length: 8 }, () => openPortal(t, 'alice'));
    await waitFor(() => t.emulator.counters.mintRequests === mints + 8, 'all mints to reach Nomos');
    clients.slice(0, 4).forEach((c) => c.abort());
    await waitFor(async () => {
      const rows = await rowsSince(since);
      return rows.length === 8 && rows.every((r) => r.outcome !== 'pending');
    }, 'every row to complete');
    await waitFor(
      () => clients.slice(4).every((c) => c.state.status !== undefined),
      'the other clients to get answers',
    );

    const rows = await rowsSince(since);
    const delivered = clients.filter((c) => c.state.status === 302 && c.state.location).length;
    expect(rows.filter((r) => r.outcome === 'issued')).toHaveLength(delivered);
    expect(rows.reduce((sum, r) => sum + r.mintAttempts, 0)).toBe(t.emulator.counters.mintRequests - mints);
    const gone = rows.filter((r) => r.outcome !== 'issued');
    expect(gone.length).toBeGreaterThanOrEqual(1);
    for (const r of gone) expect(r.errorCode === 'CLIENT_DISCONNECTED' || r.outcome === 'abandoned').toBe(true);
  });

  // Deterministic on PostgreSQL only: a table lock holds the completion while the person leaves.
  // On SQLite a second connection's lock makes the completion fail at once (busy_timeout 0), so the
  // case cannot arise there; it is not registered rather than reported as skipped.
  const onPostgres = kind === 'postgres' ? it : () => undefined;
  onPostgres('a client gone while the completion is written: the row ends abandoned, the link withheld', async () => {
    const since = await lastId();
    const links = t.emulator.issuedLinks().length;
    t.emulator.latencyMs = LOCK_WINDOW_MS; // the lock is taken while Nomos answers
    const locker = new pg.Client({ connectionString: (t.db.options as { url: string }).url });
    await locker.connect();
    try {
      const client = openPortal(t, 'alice');
      await waitFor(async () => (await rowsSince(since)).length === 1, 'the pending row');
      // EXCLUSIVE lets readers through but makes the completing UPDATE wait.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE nomos_magic_link_audit IN EXCLUSIVE MODE');
      await waitFor(async () => {
        // pg_locks, not pg_stat_activity: the latter is a snapshot inside the locker's transaction.
        const { rows } = await locker.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'nomos_magic_link_audit'::regclass",
        );
        return rows[0].n === 1;
      }, 'the completion to wait for the lock');
      expect(t.emulator.issuedLinks().length).toBe(links + 1); // Nomos has minted; the app holds the link
      const open = await openConnections(t);
      client.abort();
      await waitFor(async () => (await openConnections(t)) < open, 'the server to see the client go');
      await new Promise((resolve) => setTimeout(resolve, 20)); // its close event follows the socket's teardown
      await locker.query('COMMIT');
      await waitFor(async () => (await rowsSince(since))[0]?.outcome === 'abandoned', 'the row to be abandoned');
      const [row] = await rowsSince(since);
      expect(row).toMatchObject({ outcome: 'abandoned', mintAttempts: 1 });
      expect(row.linkFingerprint).toBe(sha256(t.emulator.issuedLinks().at(-1)!.tokenHash));
      expect(client.state.status).toBeUndefined();
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});
