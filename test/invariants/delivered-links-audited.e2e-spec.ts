import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const CLIENTS = 12;

/** A GET /portal the test can cut off; `location` is set when a redirect arrived before that. */
function openPortal(t: PortalTestApp, user: string) {
  const { port } = (t.http as http.Server).address() as AddressInfo;
  const state: { status?: number; location?: string; settled: boolean } = { settled: false };
  const req = http.request(
    { host: '127.0.0.1', port, path: '/portal', agent: false, headers: { 'x-test-user': user } },
    (res) => {
      state.status = res.statusCode;
      state.location = res.headers.location;
      res.resume();
      res.on('end', () => (state.settled = true));
    },
  );
  req.on('error', () => (state.settled = true)); // the abort below
  req.end();
  return { state, abort: () => req.destroy() };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Invariant 1 with clients that leave mid-mint: the audit accounts for each delivered link by its
 * fingerprint (SHA-256 of the link's `token_hash`). Every link a client received matches exactly
 * one `issued` row, and every `issued` row matches a link a client received; rows of clients that
 * left say `failed` (no link yet) or `abandoned` (a link withheld), never `issued`.
 */
describeEachDb('invariant 1: delivered links and issued rows match one to one', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, { nomos: { mintDeadlineMs: 5000, timeoutMs: 5000, maxRetries: 0 } });
  });
  afterAll(async () => {
    t.emulator.latencyMs = 0;
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it(`${CLIENTS} clients, half of them leaving at staggered moments: fingerprints match one to one`, async () => {
    const audit = t.app.get(AuditService);
    const since = (await audit.query({ limit: 1 })).items[0]?.id ?? 0;
    const rowsSince = async (): Promise<MagicLinkAudit[]> =>
      (await audit.query({ limit: 500 })).items.filter((r) => r.id > since);
    const mintsBefore = t.emulator.counters.mintRequests;
    const linksBefore = t.emulator.issuedLinks().length;
    const written: string[] = []; // fingerprints of the links the server put into 302 answers
    (t.http as http.Server).prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
      res.end = ((...args: unknown[]) => {
        const location = res.getHeader('location');
        if (res.statusCode === 302 && typeof location === 'string')
          written.push(sha256(new URL(location).searchParams.get('token_hash')!));
        return end(...args);
      }) as http.ServerResponse['end'];
    });
    // Nomos mints at once and answers late: a wide window to leave in. The clients leave well inside
    // it, so none can leave in the instant between the server's last check and its write (a link
    // written to a socket that is already closing reaches nobody, and no server can tell).
    t.emulator.latencyMs = 2000;
    const clients = Array.from({ length: CLIENTS }, () => openPortal(t, 'alice'));
    await waitFor(() => t.emulator.counters.mintRequests - mintsBefore === CLIENTS, 'every mint to reach Nomos');
    // Leave at different moments while Nomos holds the answers.
    await Promise.all(
      clients
        .filter((_c, i) => i % 2 === 0)
        .map((c, i) => new Promise((resolve) => setTimeout(() => resolve(c.abort()), i * 60))),
    );
    await waitFor(() => clients.every((c) => c.state.settled), 'every client to be answered or gone');
    await waitFor(async () => {
      const rows = await rowsSince();
      return rows.length === CLIENTS && rows.every((r) => r.outcome !== 'pending');
    }, 'every row to complete');

    const rows = await rowsSince();
    const delivered = clients
      .filter((c) => c.state.status === 302 && c.state.location)
      .map((c) => sha256(new URL(c.state.location!).searchParams.get('token_hash')!));
    const issued = rows.filter((r) => r.outcome === 'issued').map((r) => r.linkFingerprint);
    // The clients that stayed were answered: a link, or a clear 503 when the (strict) emulator's
    // rate limit refused their mint; those that left got nothing.
    for (const c of clients.filter((_c, i) => i % 2 === 1)) expect([302, 503]).toContain(c.state.status);
    for (const c of clients.filter((_c, i) => i % 2 === 0)) expect(c.state.status).toBeUndefined();
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    // What the server wrote: exactly the links the clients received.
    expect([...written].sort()).toEqual([...delivered].sort());
    expect(new Set(delivered).size).toBe(delivered.length); // single-use links: no two alike
    for (const fingerprint of delivered) expect(issued.filter((f) => f === fingerprint)).toHaveLength(1);
    for (const fingerprint of issued) expect(delivered).toContain(fingerprint);
    expect([...issued].sort()).toEqual([...delivered].sort());

    // The rest: gone before a link (failed, no fingerprint) or after one was minted (abandoned, withheld).
    for (const r of rows.filter((row) => row.outcome !== 'issued')) {
      if (r.outcome === 'abandoned') {
        expect(r.linkFingerprint).toEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
        expect(delivered).not.toContain(r.linkFingerprint);
      } else {
        expect(r).toMatchObject({ outcome: 'failed', linkFingerprint: null });
        expect(['CLIENT_DISCONNECTED', 'RATE_LIMITED']).toContain(r.errorCode);
      }
    }
    // Every fingerprint in the audit names a link Nomos really minted in this test.
    const minted = new Set(
      t.emulator
        .issuedLinks()
        .slice(linksBefore)
        .map((l) => sha256(l.tokenHash)),
    );
    for (const r of rows.filter((row) => row.linkFingerprint !== null))
      expect(minted.has(r.linkFingerprint!)).toBe(true);
    // And the count check of invariant 1: mint calls Nomos saw == attempts the rows record.
    expect(rows.reduce((sum, r) => sum + r.mintAttempts, 0)).toBe(t.emulator.counters.mintRequests - mintsBefore);
  });
});
