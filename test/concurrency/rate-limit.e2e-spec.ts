import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { DOCUMENTED_RATE_LIMIT } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

// 30 people click at once against the documented limit (10 requests per second per API client,
// shared/nomos/README.md), as they would at the real API. The product must honour Retry-After, retry
// at most maxRetries times within the mint deadline, answer the rest a clear 503 RATE_LIMITED, and
// keep the audit exact. Assertions are about the mechanism, not about how many got through in time.
const N = 30;
const MAX_RETRIES = 2;
// setTimeout may fire up to a millisecond before performance.now() says the delay is over.
const TIMER_SLACK_MS = 2;

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

describeEachDb('mint burst against the documented Nomos rate limit', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, {
      emulatorRateLimit: DOCUMENTED_RATE_LIMIT,
      nomos: { maxRetries: MAX_RETRIES, mintDeadlineMs: 10_000 },
    });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it(
    `${N} concurrent clicks: 429s met, Retry-After honoured ` + `per request, the rest 503 RATE_LIMITED, audit exact`,
    async () => {
      const responses = await Promise.all(
        Array.from({ length: N }, () => request(t.http).get('/portal').set('x-test-user', 'alice')),
      );
      const { counters } = t.emulator;
      // The burst did meet the limit (the point of the suite), and the token was fetched once.
      expect(counters.rateLimited).toBeGreaterThan(0);
      expect(counters.tokenRequests).toBe(1);

      const rows = await allRows(t);
      expect(rows).toHaveLength(N);
      expect(rows.filter((r) => r.outcome === 'pending')).toEqual([]);
      expect(rows.reduce((sum, r) => sum + r.mintAttempts, 0)).toBe(counters.mintRequests);

      const mints = t.emulator.answers().filter((a) => a.route === 'mint');
      const links = new Set(t.emulator.issuedLinks().map((l) => l.link));
      for (const row of rows) {
        // Each row's attempts are the mint requests Nomos saw with its request id, in order.
        const attempts = mints.filter((a) => a.clientRequestId === row.requestId);
        expect(attempts).toHaveLength(row.mintAttempts);
        for (let i = 1; i < attempts.length; i++) {
          const [before, retry] = [attempts[i - 1], attempts[i]];
          expect(before.status).toBe(429);
          expect(retry.arrivedAt).toBeGreaterThanOrEqual(
            before.answeredAt + before.retryAfterSec! * 1000 - TIMER_SLACK_MS,
          );
        }
        const last = attempts[attempts.length - 1];
        if (row.outcome === 'issued') {
          expect(last.status).toBe(200);
        } else {
          expect([row.outcome, row.errorCode, row.linkFingerprint]).toEqual(['failed', 'RATE_LIMITED', null]);
          expect(attempts.map((a) => a.status)).toEqual(Array(MAX_RETRIES + 1).fill(429));
        }
      }
      // Some requests got their link only on a retry after a 429: the retries are what made them work.
      expect(rows.some((r) => r.outcome === 'issued' && r.mintAttempts > 1)).toBe(true);

      const byRequestId = new Map(rows.map((r) => [r.requestId, r]));
      for (const res of responses) {
        if (res.status === 302) {
          expect(links.has(res.headers.location)).toBe(true);
          continue;
        }
        expect([res.status, res.body.code]).toEqual([503, 'RATE_LIMITED']);
        expect(res.body.link).toBeUndefined();
        expect(byRequestId.get(res.body.requestId)?.errorCode).toBe('RATE_LIMITED');
      }
      const redirected = responses.filter((r) => r.status === 302);
      expect(new Set(redirected.map((r) => r.headers.location)).size).toBe(redirected.length);
      expect(rows.filter((r) => r.outcome === 'issued')).toHaveLength(redirected.length);
    },
  );
});
