import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

// The mid-request cases break the database while Nomos is busy minting: the test waits until the
// emulator has the mint request, then has this long (held by the emulator's latency) to drop the
// table or close the connection, five times the old 400 ms window. (The latency also delays the
// token request before it, so each such case takes about twice this.) Attempts may last longer.
const MINTING_MS = 2000;

describeEachDb('audit store failing', (kind) => {
  let t: PortalTestApp;
  beforeEach(async () => {
    t = await startPortalApp(kind, { nomos: { timeoutMs: 2 * MINTING_MS } });
  });
  afterEach(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it('withholds a link Nomos minted when the audit table disappears mid-request', async () => {
    t.emulator.latencyMs = MINTING_MS;
    const pending = request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('x-test-user', 'alice');
    const response = pending.then((r) => r);
    // Drop the table once the pending row exists and Nomos is busy minting.
    await waitFor(() => t.emulator.counters.mintRequests === 1);
    await t.dataSource.query('DROP TABLE nomos_magic_link_audit');
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'AUDIT_UNAVAILABLE', requestId: res.headers['x-request-id'] });
    expect(res.body.link).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('token_hash');
    expect(t.emulator.issuedLinks()).toHaveLength(1);
  });

  it('withholds the link when the database connection is closed mid-request', async () => {
    t.emulator.latencyMs = MINTING_MS;
    const response = request(t.http)
      .get('/portal')
      .set('x-test-user', 'alice')
      .then((r) => r);
    await waitFor(() => t.emulator.counters.mintRequests === 1);
    await t.dataSource.destroy();
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).not.toContain('token_hash');
    expect(t.emulator.issuedLinks()).toHaveLength(1);
  });

  it('does not call Nomos at all when the pending row cannot be written', async () => {
    await t.dataSource.query('DROP TABLE nomos_magic_link_audit');
    const res = await request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('x-test-user', 'alice');
    expect(res.status).toBe(503);
    expect(res.body.link).toBeUndefined();
    expect(t.emulator.counters.mintRequests).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
