import { createHash } from 'node:crypto';
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import { openPortalLink } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describeEachDb('deep links (next), end to end', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, {
      portal: { personRateLimit: false },
      emulatorRateLimit: { limit: 1000, windowSec: 1 },
    });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latestRow = async () => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const open = (query: string) =>
    request(t.http).get(`/portal${query}`).set('x-test-user', 'alice').set('accept', 'text/html');

  it('lands an allowed next in the link, which still signs in once and is audited by its token', async () => {
    const res = await open('?next=/invoices/inv_01HX9').expect(302);
    const link = new URL(res.headers.location);
    expect(link.pathname).toBe('/auth/confirm');
    expect(link.searchParams.getAll('next')).toEqual(['/invoices/inv_01HX9']);
    expect(link.searchParams.get('type')).toBe('magiclink');
    // Exactly Nomos's link but for next: the token travels byte for byte.
    const issued = t.emulator.issuedLinks().at(-1)!;
    expect(res.headers.location).toBe(issued.link.replace('next=/overview', 'next=/invoices/inv_01HX9'));
    expect(await latestRow()).toMatchObject({
      outcome: 'issued',
      linkFingerprint: sha256(issued.tokenHash),
      linkHost: link.host,
    });
    expect((await openPortalLink(res.headers.location)).status).toBe(200);
  });

  it('takes next from the JSON body of POST /portal/link', async () => {
    const res = await request(t.http)
      .post('/portal/link')
      .set('content-type', 'application/json')
      .set('x-test-user', 'alice')
      .send({ next: '/meter-readings' })
      .expect(200);
    expect(new URL(res.body.link).searchParams.get('next')).toBe('/meter-readings');
  });

  it.each([
    ['an absolute URL', `?next=${encodeURIComponent('https://evil.example/')}`],
    ['a scheme-relative URL', `?next=${encodeURIComponent('//evil.example/invoices')}`],
    ['a dot-dot path', `?next=${encodeURIComponent('/invoices/../admin')}`],
    ['an encoded dot-dot', `?next=${encodeURIComponent('/invoices/%2e%2e/admin')}`],
    ['a path outside the list', '?next=/admin'],
    ['a repeated next', '?next=/invoices&next=/prices'],
    ['a CRLF', `?next=${encodeURIComponent('/invoices/1\r\n[Nest] forged')}`],
  ])('ignores %s: the link keeps its own next, the click still works, and a warning says so', async (_name, query) => {
    const before = t.logs.text.length;
    const res = await open(query).expect(302);
    const link = new URL(res.headers.location);
    expect(link.searchParams.getAll('next')).toEqual(['/overview']);
    expect(res.headers.location).toBe(t.emulator.issuedLinks().at(-1)!.link);
    const logged = t.logs.text.slice(before);
    expect(logged).toContain('deep link ignored');
    expect(logged).toContain(res.headers['x-request-id']);
    expect(logged).not.toContain('[Nest] forged\n');
    expect(logged).not.toContain(link.searchParams.get('token_hash')!);
  });

  it('leaves the checkout link of a customer without subscription alone', async () => {
    const res = await request(t.http).get('/portal?next=/invoices').set('x-test-user', 'bob').expect(302);
    const link = new URL(res.headers.location);
    expect(link.pathname).toBe('/start');
    expect(link.searchParams.has('next')).toBe(false);
  });

  it('keeps next through the sign-in redirect of a signed-out browser', async () => {
    const res = await request(t.http).get('/portal?next=/invoices/inv_1').set('accept', 'text/html').expect(302);
    expect(res.headers.location).toBe(
      `/auth/saml/login?returnTo=${encodeURIComponent('/portal?next=/invoices/inv_1')}`,
    );
  });
});

describe('deep links, configured', () => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp('sqlite', { portal: { deepLinkPaths: ['/usage'], personRateLimit: false } });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it('allows only the configured paths', async () => {
    const allowed = await request(t.http).get('/portal?next=/usage/2026').set('x-test-user', 'alice').expect(302);
    expect(new URL(allowed.headers.location).searchParams.get('next')).toBe('/usage/2026');
    const dropped = await request(t.http).get('/portal?next=/invoices').set('x-test-user', 'alice').expect(302);
    expect(new URL(dropped.headers.location).searchParams.get('next')).toBe('/overview');
  });
});
