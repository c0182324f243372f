import request from 'supertest';
import { AuditService, CustomerLinkService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { DOCUMENTED_RATE_LIMIT } from '../../src/testing/index.js';
import { DB_KINDS } from '../support/databases.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { startFleet, type TestFleet } from './fleet.js';

// Acceptance 5 of issue 12: 200 people click at once on three replicas sharing one PostgreSQL
// limiter at Nomos's documented 10 requests per second. The fleet, not each replica, keeps the rate;
// people beyond the 2 s queue get a clear 503 with Retry-After, never an upstream 429; the audit stays
// exact (invariant 1) and says denied / BUSY for each refusal.
const CLICKS = 200;
const REPLICAS = 3;
const USERS = Array.from({ length: CLICKS }, (_, i) => `fleet-user-${i}`);

async function allRows(fleet: TestFleet): Promise<MagicLinkAudit[]> {
  const rows: MagicLinkAudit[] = [];
  let after: string | undefined;
  do {
    const page = await fleet.replicas[0].get(AuditService).query({ limit: 500, after });
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

const pgDescribe = DB_KINDS.includes('postgres') ? describe : describe.skip;
const skipped = DB_KINDS.includes('postgres') ? '' : ' (skipped: PostgreSQL unavailable)';
const title = `fleet-wide pacing on ${REPLICAS} replicas${skipped}`;

pgDescribe(title, () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startFleet({
      replicas: REPLICAS,
      emulatorRateLimit: DOCUMENTED_RATE_LIMIT,
      // The defaults (10/s, burst 10, 2 s queue), shared through the database, with a wider margin:
      // the margin absorbs what happens between a replica's send and Nomos's clock, and on a loaded
      // 2-core CI machine the replicas' busy event loop delays writes by far more than a network's 50 ms.
      nomos: { rateLimit: { store: 'database', marginMs: 400 } },
    });
    const links = fleet.replicas[0].get(CustomerLinkService);
    for (const [i, user] of USERS.entries()) await links.link(user, CUSTOMERS[i % 2].id, { createdBy: 'test' });
  }, 60_000);
  afterAll(async () => {
    const leaks = fleet ? fleet.logs.leaks(await fleet.secrets()) : [];
    await fleet?.close();
    expect(leaks).toEqual([]);
  });

  it(`${CLICKS} concurrent clicks: never over 10 calls in any second, 503 + Retry-After beyond the queue`, async () => {
    const responses = await Promise.all(
      USERS.map((user, i) => {
        const click = request(fleet.replicas[i % REPLICAS].getHttpServer())
          .get('/portal')
          .set('x-test-user', user);
        // A third of them are browsers, who get the page rather than JSON.
        return i % 3 === 0 ? click.set('accept', 'text/html') : click;
      }),
    );
    const { counters, maxCallsInAnyWindow, links } = await fleet.emulator.report(1000);
    // The fleet kept to the rate: Nomos never refused anyone, and never saw more than 10 in a second.
    expect(counters.rateLimited).toBe(0);
    expect(maxCallsInAnyWindow).toBeLessThanOrEqual(10);
    // Each replica fetched its own token, through the same limiter.
    expect(counters.tokenRequests).toBe(REPLICAS);

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 302 && s !== 503)).toEqual([]);
    const busy = responses.filter((r) => r.status === 503);
    const issued = responses.filter((r) => r.status === 302);
    // More people than the queue holds: some wait and get a link, the rest are told to come back.
    expect(issued.length).toBeGreaterThanOrEqual(10);
    expect(busy.length).toBeGreaterThan(CLICKS / 2);
    for (const r of busy) {
      const seconds = Number(r.headers['retry-after']);
      expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60).toBe(true);
      if (r.type === 'text/html') {
        expect(r.text).toContain(`Please try again in ${seconds} s.`);
      } else {
        expect(r.body).toMatchObject({ statusCode: 503, code: 'BUSY' });
      }
    }

    const rows = await allRows(fleet);
    expect(rows).toHaveLength(CLICKS);
    expect(rows.filter((r) => r.outcome === 'pending')).toEqual([]);
    // Invariant 1 holds exactly: a refusal made no mint call and counts none.
    expect(rows.reduce((sum, r) => sum + r.mintAttempts, 0)).toBe(counters.mintRequests);
    expect(rows.filter((r) => r.outcome === 'issued')).toHaveLength(issued.length);
    const denied = rows.filter((r) => r.outcome === 'denied');
    expect(denied).toHaveLength(busy.length);
    for (const row of denied) expect([row.errorCode, row.mintAttempts]).toEqual(['BUSY', 0]);
    expect(links).toHaveLength(issued.length);
  }, 60_000);
});
