import { createHash } from 'node:crypto';
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { openPortalLink } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { USERS, startPortalApp } from '../support/portal-app.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describeEachDb('the mint path, end to end', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind);
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const audits = () => t.app.get(AuditService).query({ limit: 500 });

  it('redirects a mapped user to a fresh link that signs in exactly once, audited with its fingerprint', async () => {
    const before = (await audits()).items.length;
    const res = await request(t.http).get('/portal').set('x-test-user', 'alice').set('accept', 'text/html').expect(302);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-request-id']).toMatch(/\S{8,}/);

    const link = new URL(res.headers.location);
    expect(link.protocol).toBe('https:');
    expect(link.hostname).toBe('acme-power.customerportal.localhost');
    expect(link.pathname).toBe('/auth/confirm');
    const tokenHash = link.searchParams.get('token_hash')!;

    const first = await openPortalLink(res.headers.location);
    expect(first.status).toBe(200);
    expect(first.body).toContain(USERS.alice);
    const second = await openPortalLink(res.headers.location);
    expect(second.status).toBeGreaterThanOrEqual(400);

    const { items } = await audits();
    expect(items.length).toBe(before + 1);
    const row = items[0];
    expect(row).toMatchObject({
      userId: 'alice',
      customerId: USERS.alice,
      outcome: 'issued',
      channel: 'redirect',
      mintAttempts: 1,
    });
    expect(row.linkFingerprint).toBe(sha256(tokenHash));
    expect(row.linkHost).toBe(link.host);
    expect(row.requestId).toBe(res.headers['x-request-id']);
    expect(row.completedAt).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(tokenHash);
  });

  it('gives mobile webviews the link as JSON with the same headers', async () => {
    const res = await request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-test-user', 'alice')
      .expect(200);
    expect(res.body).toEqual({
      object: 'magic_link',
      link: expect.stringMatching(/^https:\/\/acme-power\.customerportal\.localhost:\d+\/auth\/confirm\?/),
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect((await audits()).items[0]).toMatchObject({ userId: 'alice', outcome: 'issued', channel: 'json' });
  });

  it('sends a customer without subscription to the checkout', async () => {
    const res = await request(t.http).get('/portal').set('x-test-user', 'bob').expect(302);
    expect(new URL(res.headers.location).pathname).toBe('/start');
    expect((await openPortalLink(res.headers.location)).status).toBe(200);
  });

  it('answers 404 for an unmapped user, records a denied row and never calls Nomos', async () => {
    const mints = t.emulator.counters.mintRequests;
    const res = await request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-test-user', 'carol')
      .expect(404);
    expect(res.body).toMatchObject({ code: 'CUSTOMER_NOT_LINKED', requestId: res.headers['x-request-id'] });
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(t.emulator.counters.mintRequests).toBe(mints);
    expect(t.emulator.counters.customerRequests).toBe(0); // auto-link by email is off by default
    expect((await audits()).items[0]).toMatchObject({
      userId: 'carol',
      customerId: null,
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      mintAttempts: 0,
    });
  });

  it('shows browsers a page for an unmapped user', async () => {
    const res = await request(t.http).get('/portal').set('x-test-user', 'carol').set('accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('No energy account is linked');
    expect(res.text).toContain(res.headers['x-request-id']);
  });

  it('sends a signed-out browser to sign in with a safe returnTo, and answers 401 to JSON callers', async () => {
    const mints = t.emulator.counters.mintRequests;
    const page = await request(t.http).get('/portal?tab=invoices').set('accept', 'text/html').expect(302);
    expect(page.headers.location).toBe(`/auth/saml/login?returnTo=${encodeURIComponent('/portal?tab=invoices')}`);
    expect(page.headers['x-request-id']).toBeTruthy();
    const api = await request(t.http).post('/portal/link').set('x-nomos-portal', '1').expect(401);
    expect(api.body).toMatchObject({ code: 'SIGN_IN_REQUIRED', requestId: api.headers['x-request-id'] });
    expect(t.emulator.counters.mintRequests).toBe(mints);
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const kept = await request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-request-id', 'corr-12345678')
      .expect(401);
    expect(kept.headers['x-request-id']).toBe('corr-12345678');
    const replaced = await request(t.http)
      .post('/portal/link')
      .set('x-nomos-portal', '1')
      .set('x-request-id', 'planted\tid value')
      .expect(401);
    // Not even part of it is echoed. "planted" has letters no generated id (hex digits and dashes) contains.
    expect(replaced.headers['x-request-id']).not.toContain('planted');
  });
});
