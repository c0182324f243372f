import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const N = 200;

async function allRows(t: PortalTestApp): Promise<MagicLinkAudit[]> {
  const rows: MagicLinkAudit[] = [];
  let after: string | undefined;
  do {
    const page = await t.app.get(AuditService).query({ limit: 500, after });
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

// Timing: every request, the app and the emulator share one event loop, so under load the last of
// N concurrent attempts is answered only after the other N-1 were processed, and the per-attempt
// timeout also covers waiting for a pool connection. A timeout there is no failure of the product,
// but a retried attempt would break "exactly N mints"; the burst app's limits are far above any
// answer time (they only bound a broken run), and the faults app's are short enough for hung
// attempts to end soon yet several times the time its 120 requests take on a busy machine.
// (Measured on a loaded 2-core box, load average 8: the 200-mint burst took 17 s, the 120 faulty
// requests about 4 s besides the hung attempts.)
const BURST_LIMITS = { timeoutMs: 60_000, mintDeadlineMs: 60_000 };
const FAULT_LIMITS = { timeoutMs: 12_000, mintDeadlineMs: 40_000 };

describeEachDb('concurrent load', (kind) => {
  let t: PortalTestApp;
  let faulty: PortalTestApp;
  beforeAll(async () => {
    // Rate limit above the load: the real API (10 requests/s documented) would answer most of a
    // 200-mint burst 429. This suite is about single-flight token acquisition and exact mint/audit
    // counts under concurrency; what the product does at the documented limit (Retry-After honoured,
    // RATE_LIMITED 503s, audit exact) is asserted in rate-limit.e2e-spec.ts.
    t = await startPortalApp(kind, { nomos: BURST_LIMITS, emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD });
    faulty = await startPortalApp(kind, { nomos: FAULT_LIMITS, emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD });
  });
  afterAll(async () => {
    const leaks = [...t.logs.leaks(t.secrets()), ...faulty.logs.leaks(faulty.secrets())];
    await faulty.close(); // last started, first closed: each log capture restores what it wrapped
    await t.close();
    expect(leaks).toEqual([]);
  });

  it(`${N} concurrent first requests: one token request, ${N} mints, ${N} issued rows, ${N} redirects`, async () => {
    expect(t.emulator.counters.tokenRequests).toBe(0);
    const responses = await Promise.all(
      Array.from({ length: N }, () => request(t.http).get('/portal').set('x-test-user', 'alice')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(302));
    expect(new Set(responses.map((r) => r.headers.location)).size).toBe(N);
    expect(t.emulator.counters.tokenRequests).toBe(1);
    expect(t.emulator.counters.mintRequests).toBe(N);
    const rows = await allRows(t);
    expect(rows.filter((r) => r.outcome === 'issued')).toHaveLength(N);
    expect(rows).toHaveLength(N);
  }, 120_000);

  it(
    'with faults injected, mint calls seen by Nomos equal the ' +
      'attempts audited, and links delivered equal issued rows',
    async () => {
      const before = await allRows(faulty);
      const mintsBefore = faulty.emulator.counters.mintRequests;
      faulty.emulator.injectFault('mint', { status: 500 }, 40);
      faulty.emulator.injectFault('mint', { status: 429, retryAfter: 0 }, 20);
      faulty.emulator.injectFault('mint', { hang: true }, 4);
      faulty.emulator.injectFault('mint', { status: 400 }, 5);
      const responses = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          i % 2 === 0
            ? request(faulty.http).get('/portal').set('x-test-user', 'alice')
            : request(faulty.http).post('/portal/link').set('x-nomos-portal', '1').set('x-test-user', 'alice'),
        ),
      );
      const delivered = responses.filter((r) => r.status === 302 || (r.status === 200 && r.body.link)).length;
      const failed = responses.filter((r) => r.status >= 500);
      for (const r of failed) expect(r.body.link ?? r.headers.location).toBeUndefined();

      const all = await allRows(faulty);
      const rows = all.slice(0, all.length - before.length); // newest first
      expect(rows).toHaveLength(120);
      const attempts = rows.reduce((sum, r) => sum + r.mintAttempts, 0);
      expect(faulty.emulator.counters.mintRequests - mintsBefore).toBe(attempts);
      expect(rows.filter((r) => r.outcome === 'issued')).toHaveLength(delivered);
      expect(rows.filter((r) => r.outcome === 'pending')).toHaveLength(0);
      expect(failed.length).toBeGreaterThan(0);
      expect(delivered).toBeGreaterThan(0);
    },
    90_000,
  );
});
