import request from 'supertest';
import { describeEachDb, type DbKind } from '../support/databases.js';
import { startPortalApp, type PortalTestApp } from '../support/portal-app.js';

// Invariant 1 across a process death: a mint call is counted in its `pending` row before it is
// sent, so a replica killed mid-call still leaves every call Nomos saw in the audit.
const IN_FLIGHT_MS = 1500;

/** Refuses any write that changes `mint_attempts` while the row stays `pending` (the count, not the completion). */
function blockCountSql(kind: DbKind): string[] {
  if (kind === 'sqlite') {
    return [
      `CREATE TRIGGER block_count BEFORE UPDATE OF mint_attempts ON nomos_magic_link_audit
       WHEN NEW.outcome = 'pending' BEGIN SELECT RAISE(ABORT, 'count blocked by the test'); END`,
    ];
  }
  return [
    `CREATE FUNCTION block_count() RETURNS trigger AS $$ BEGIN
       IF NEW.outcome = 'pending' THEN RAISE EXCEPTION 'count blocked by the test'; END IF; RETURN NEW; END $$
     LANGUAGE plpgsql`,
    `CREATE TRIGGER block_count BEFORE UPDATE OF mint_attempts ON nomos_magic_link_audit
     FOR EACH ROW EXECUTE FUNCTION block_count()`,
  ];
}

describeEachDb('mint calls counted before they are sent', (kind) => {
  let t: PortalTestApp;
  beforeEach(async () => {
    t = await startPortalApp(kind, { nomos: { timeoutMs: 3 * IN_FLIGHT_MS } });
  });
  afterEach(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  const rows = () =>
    t.dataSource.query<Array<{ outcome: string; attempts: number | string; errorCode: string | null }>>(
      'SELECT outcome, mint_attempts AS "attempts", error_code AS "errorCode" FROM nomos_magic_link_audit',
    );

  it('has the call in the pending row while Nomos is still answering it', async () => {
    t.emulator.latencyMs = IN_FLIGHT_MS;
    const response = request(t.http)
      .get('/portal')
      .set('x-test-user', 'alice')
      .then((r) => r);
    await waitFor(() => t.emulator.counters.mintRequests === 1);
    expect((await rows()).map((r) => [r.outcome, Number(r.attempts)])).toEqual([['pending', 1]]);
    expect((await response).status).toBe(302);
    expect((await rows()).map((r) => [r.outcome, Number(r.attempts)])).toEqual([['issued', 1]]);
  });

  it('does not send a retry whose count cannot be written, and says the audit is unavailable', async () => {
    // The first attempt is held by the latency, then fails with a retryable 500.
    t.emulator.latencyMs = IN_FLIGHT_MS;
    t.emulator.injectFault('mint', { status: 500 }, 1);
    const response = request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-test-user', 'alice')
      .then((r) => r);
    await waitFor(() => t.emulator.counters.mintRequests === 1);
    for (const sql of blockCountSql(kind)) await t.dataSource.query(sql);
    t.emulator.latencyMs = 0;
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(res.body.link).toBeUndefined();
    // The retry was held back: Nomos saw one call, the row (completed, the trigger lets that pass) says one.
    expect(t.emulator.counters.mintRequests).toBe(1);
    expect((await rows()).map((r) => [r.outcome, Number(r.attempts), r.errorCode])).toEqual([
      ['failed', 1, 'AUDIT_UNAVAILABLE'],
    ]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
