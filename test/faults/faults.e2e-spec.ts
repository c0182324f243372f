import request from 'supertest';
import { AuditService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

describeEachDb('Nomos faults', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    // Attempts are cut at 2 s: a hung one ends soon, and none of the others (a few ms each, idle) comes
    // near it on a busy machine, where a stray timeout would add an attempt to the counts asserted.
    t = await startPortalApp(kind, { nomos: { timeoutMs: 2000, maxRetries: 2 } });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latest = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const mintsDuring = async <T>(fn: () => Promise<T>) => {
    const before = t.emulator.counters.mintRequests;
    const result = await fn();
    return { result, mints: t.emulator.counters.mintRequests - before };
  };

  it('retries two 500s and still redirects, with one issued row counting 3 attempts', async () => {
    t.emulator.injectFault('mint', { status: 500 }, 2);
    const { result, mints } = await mintsDuring(() =>
      request(t.http).get('/portal').set('x-test-user', 'alice').expect(302),
    );
    expect(result.headers.location).toMatch(/^https:\/\//);
    expect(mints).toBe(3);
    expect(await latest()).toMatchObject({ outcome: 'issued', mintAttempts: 3 });
  });

  it('waits at least Retry-After before retrying a 429', async () => {
    t.emulator.injectFault('mint', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await latest()).toMatchObject({ outcome: 'issued', mintAttempts: 2 });
  });

  it('does not retry a 400 and answers 502 without upstream details', async () => {
    t.emulator.injectFault('mint', {
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'upstream secret detail', requestId: 'req_upstream400' },
    });
    const { result, mints } = await mintsDuring(() =>
      request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('x-test-user', 'alice').expect(502),
    );
    expect(mints).toBe(1);
    expect(result.body).toMatchObject({ code: 'BAD_REQUEST', requestId: result.headers['x-request-id'] });
    expect(JSON.stringify(result.body)).not.toContain('upstream secret detail');
    expect(result.body.link).toBeUndefined();
    expect(await latest()).toMatchObject({
      outcome: 'failed',
      errorCode: 'BAD_REQUEST',
      mintAttempts: 1,
      nomosRequestId: 'req_upstream400',
    });
  });

  it('answers 503 with a request id and records a failed row when Nomos hangs past the timeout', async () => {
    t.emulator.injectFault('mint', { hang: true }, 3);
    const { result, mints } = await mintsDuring(() =>
      request(t.http).post('/portal/link').set('x-nomos-portal', '1').set('x-test-user', 'alice').expect(503),
    );
    expect(mints).toBe(3);
    expect(result.body).toMatchObject({ code: 'TIMEOUT', requestId: result.headers['x-request-id'] });
    expect(result.body.link).toBeUndefined();
    expect(await latest()).toMatchObject({ outcome: 'failed', errorCode: 'TIMEOUT', mintAttempts: 3 });
  });

  it('shows a browser a plain error page with the request id when Nomos keeps failing', async () => {
    t.emulator.injectFault('mint', { status: 503 }, 3);
    const res = await request(t.http).get('/portal').set('x-test-user', 'alice').set('accept', 'text/html').expect(503);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(res.headers['x-request-id']);
    expect(res.headers.location).toBeUndefined();
    expect(await latest()).toMatchObject({ outcome: 'failed', errorCode: 'SERVICE_UNAVAILABLE', mintAttempts: 3 });
  });

  // Last: it leaves the emulator stopped.
  it('answers 503 and records a failed row when Nomos is down', async () => {
    await t.emulator.stop();
    const res = await request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-test-user', 'alice')
      .expect(503);
    expect(res.body).toMatchObject({ code: 'CONNECTION_ERROR', requestId: res.headers['x-request-id'] });
    expect(res.body.link).toBeUndefined();
    expect(await latest()).toMatchObject({ outcome: 'failed', userId: 'alice', errorCode: 'CONNECTION_ERROR' });
  });
});
