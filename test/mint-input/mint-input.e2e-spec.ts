import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD, portalOrigin } from '../../src/testing/index.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

// Issue 7, items 6 (what is checked is what is sent), 7 (token responses validated before caching)
// and 9 (every request for a link gets its row and a fitting 4xx/5xx).
describeEachDb('mint input hardening', (kind) => {
  let t: PortalTestApp;
  const planted: string[] = []; // token hashes of links this suite made the emulator answer with
  beforeAll(async () => {
    // Counts exact mint attempts per request (mintAttempts: 1) over quick sequential requests, more
    // than the documented 10/s: a rate-limit retry would be a second attempt this suite is not about.
    t = await startPortalApp(kind, { emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks([...t.secrets(), ...planted]);
    await t.close();
    expect(leaks).toEqual([]);
  });
  const latest = async (): Promise<MagicLinkAudit> => (await t.app.get(AuditService).query({ limit: 1 })).items[0];
  const rowCount = async () => (await t.app.get(AuditService).query({ limit: 500 })).items.length;
  const plantLink = (shape: (link: string) => string) => {
    const tokenHash = randomBytes(28).toString('hex');
    planted.push(tokenHash);
    const link =
      `${portalOrigin('acme-power', t.emulator.portalPort)}/auth/confirm` +
      `?token_hash=${tokenHash}&type=magiclink&next=/overview`;
    t.emulator.injectFault('mint', { status: 200, body: { object: 'magic_link', link: shape(link) } });
    return { link, tokenHash };
  };

  describe('item 7: a token answer is checked before it is cached', () => {
    // First: the app has no token yet, so the planted answers are the ones it must judge.
    it(
      'CR/LF in access_token: not cached, never sent, retried ' + 'per policy; the next request gets a fresh token',
      async () => {
        const crlf = { access_token: 'tok\r\nX-Injected: 1', token_type: 'Bearer', expires_in: 3600 };
        t.emulator.injectFault('token', { status: 200, body: crlf }, 3); // the first attempt and both retries
        const tokensBefore = t.emulator.counters.tokenRequests;
        const res = await request(t.http).get('/portal').set('x-test-user', 'alice');
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'INVALID_RESPONSE' });
        expect(res.headers.location).toBeUndefined();
        expect(t.emulator.counters.tokenRequests - tokensBefore).toBe(3);
        // Nomos saw no mint, and the audit counts none: no attempt was made with the bad token.
        expect(t.emulator.counters.mintRequests).toBe(0);
        expect(await latest()).toMatchObject({ outcome: 'failed', errorCode: 'INVALID_RESPONSE', mintAttempts: 0 });

        // Nothing was cached: the next click asks for a token again and works, no waiting for expires_in.
        const next = await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302);
        expect(next.headers.location).toMatch(/^https:\/\/acme-power\.customerportal\.localhost:\d+\//);
        expect(t.emulator.counters.tokenRequests - tokensBefore).toBe(4);
        expect(t.emulator.counters.mintRequests).toBe(1);
        expect(await latest()).toMatchObject({ outcome: 'issued', mintAttempts: 1 });
        await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302);
        expect(t.emulator.counters.tokenRequests - tokensBefore).toBe(4); // the good token is cached
      },
    );
  });

  describe('item 6: the link checked is the link sent', () => {
    it.each([
      ['a leading space', (l: string) => ` ${l}`],
      ['a leading tab', (l: string) => `\t${l}`],
      ['a leading backslash', (l: string) => `\\${l}`],
      ['backslashes for the slashes', (l: string) => l.replace('https://', 'https:\\\\')],
      ['a CR', (l: string) => l.replace('/auth/', '/auth/\r')],
      ['a trailing LF', (l: string) => `${l}\n`],
    ])('refuses a link with %s: 502, failed INVALID_PORTAL_LINK, no redirect', async (_case, shape) => {
      const { tokenHash } = plantLink(shape);
      const res = await request(t.http).get('/portal').set('x-test-user', 'alice').set('accept', 'text/html');
      expect(res.status).toBe(502);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).not.toContain(tokenHash);
      expect(await latest()).toMatchObject({
        outcome: 'failed',
        errorCode: 'INVALID_PORTAL_LINK',
        mintAttempts: 1,
        linkFingerprint: null,
      });
    });

    it('sends the normalised url.href that was checked, not the raw string', async () => {
      const { link, tokenHash } = plantLink((l) =>
        l.replace('acme-power.customerportal.localhost', 'ACME-POWER.CustomerPortal.Localhost'),
      );
      const res = await request(t.http).get('/portal').set('x-test-user', 'alice').expect(302);
      expect(res.headers.location).toBe(new URL(link).href);
      expect(await latest()).toMatchObject({
        outcome: 'issued',
        linkFingerprint: sha256(tokenHash),
        linkHost: new URL(link).host,
      });
      const json = await request(t.http)
        .post('/portal/link')
        .set('x-nomos-portal', '1')
        .set('x-test-user', 'alice')
        .set('content-type', 'application/json')
        .send('{}');
      expect(json.status).toBe(200);
      expect(json.body.link).toBe(new URL(json.body.link).href);
    });
  });

  describe('item 9: the user id is checked before any lookup', () => {
    it.each([
      ['a NUL', 'alice%00admin'],
      ['a CR/LF', 'alice%0D%0Asigned in admin'],
      ['a DEL', 'alice%7F'],
    ])('%s in the id → 400 INVALID_USER and a denied row, nothing looked up or minted', async (_case, encoded) => {
      const rows = await rowCount();
      const res = await request(t.http).get('/portal').set('x-test-user-uri', encoded);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_USER', requestId: res.headers['x-request-id'] });
      expect(await rowCount()).toBe(rows + 1);
      const row = await latest();
      expect(row).toMatchObject({
        outcome: 'denied',
        errorCode: 'INVALID_USER',
        customerId: null,
        mintAttempts: 0,
        requestId: res.headers['x-request-id'],
      });
      // Recorded as the SHA-256 of the id: never the raw control characters, never a prefix.
      expect(row.userId).toBe(`sha256:${sha256(decodeURIComponent(encoded))}`);
    });

    it(
      'a 256-character id → 400 INVALID_USER with a row ' + 'naming its hash, not a prefix someone else may own',
      async () => {
        const longId = `${'a'.repeat(255)}z`;
        const res = await request(t.http)
          .post('/portal/link')
          .set('x-nomos-portal', '1')
          .set('x-test-user', longId)
          .set('content-type', 'application/json')
          .send('{}');
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'INVALID_USER' });
        expect(res.body.link).toBeUndefined();
        expect(await latest()).toMatchObject({
          outcome: 'denied',
          errorCode: 'INVALID_USER',
          channel: 'json',
          userId: `sha256:${sha256(longId)}`,
        });
      },
    );

    it('browsers get the error page for an unusable id', async () => {
      const res = await request(t.http).get('/portal').set('x-test-user-uri', 'x%00').set('accept', 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain(res.headers['x-request-id']);
    });

    // The last two break the database on purpose.
    it(
      'the mapping table failing → 503 DATABASE_UNAVAILABLE, ' + 'with a failed row where the audit table still works',
      async () => {
        const mints = t.emulator.counters.mintRequests;
        await t.dataSource.query('DROP TABLE nomos_customer_links');
        const res = await request(t.http).get('/portal').set('x-test-user', 'alice');
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', requestId: res.headers['x-request-id'] });
        expect(JSON.stringify(res.body)).not.toMatch(/nomos_customer_links|alice|SELECT/i);
        expect(await latest()).toMatchObject({
          outcome: 'failed',
          errorCode: 'DATABASE_UNAVAILABLE',
          userId: 'alice',
          mintAttempts: 0,
        });
        expect(t.emulator.counters.mintRequests).toBe(mints);
      },
    );

    it('the database gone → 503, not 500', async () => {
      await t.dataSource.destroy();
      const res = await request(t.http).get('/portal').set('x-test-user', 'alice');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      const page = await request(t.http).get('/portal').set('x-test-user', 'alice').set('accept', 'text/html');
      expect(page.status).toBe(503);
    });
  });
});
