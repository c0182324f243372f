import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

type Headers = Record<string, string>;

// What Chromium sends for each kind of load (Fetch Metadata and Sec-Purpose), per the Fetch spec.
const NAVIGATION: Headers = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'sec-fetch-user': '?1' };
const REFUSED_GETS: Array<[string, Headers, 204 | 403, string]> = [
  [
    'an <img>',
    { 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'same-site' },
    403,
    'NOT_A_NAVIGATION',
  ],
  [
    'an <iframe>',
    { 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-site' },
    403,
    'NOT_A_NAVIGATION',
  ],
  ['a <frame>', { 'sec-fetch-dest': 'frame', 'sec-fetch-mode': 'navigate' }, 403, 'NOT_A_NAVIGATION'],
  ['an <object>', { 'sec-fetch-dest': 'object', 'sec-fetch-mode': 'navigate' }, 403, 'NOT_A_NAVIGATION'],
  [
    'a no-cors fetch',
    { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'same-site' },
    403,
    'NOT_A_NAVIGATION',
  ],
  ['a CORS fetch', { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' }, 403, 'NOT_A_NAVIGATION'],
  ['a document loaded by script', { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'cors' }, 403, 'NOT_A_NAVIGATION'],
  [
    'two destinations folded into one header',
    { 'sec-fetch-dest': 'document, image', 'sec-fetch-mode': 'navigate' },
    403,
    'NOT_A_NAVIGATION',
  ],
  [
    '<link rel=prefetch>',
    { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'no-cors', 'sec-purpose': 'prefetch' },
    204,
    'SPECULATIVE_LOAD',
  ],
  ['a speculation-rules prefetch', { ...NAVIGATION, 'sec-purpose': 'prefetch' }, 204, 'SPECULATIVE_LOAD'],
  ['a speculation-rules prerender', { ...NAVIGATION, 'sec-purpose': 'prefetch;prerender' }, 204, 'SPECULATIVE_LOAD'],
  ['a private prefetch', { ...NAVIGATION, 'sec-purpose': 'prefetch;anonymous-client-ip' }, 204, 'SPECULATIVE_LOAD'],
  ['a legacy Purpose: prefetch', { purpose: 'prefetch' }, 204, 'SPECULATIVE_LOAD'],
  ["Firefox's X-Moz: prefetch", { 'x-moz': 'prefetch' }, 204, 'SPECULATIVE_LOAD'],
  ["Safari's X-Purpose: preview", { 'x-purpose': 'preview' }, 204, 'SPECULATIVE_LOAD'],
];
const FORM_BODIES: Array<[string, string, string]> = [
  ['an urlencoded form', 'application/x-www-form-urlencoded', 'a=1'],
  ['a text/plain form', 'text/plain', '{"a":1}'],
  ['a multipart form', 'multipart/form-data; boundary=x', '--x--'],
  ['JSON disguised with a suffix', 'application/json-seq', '{}'],
];

describeEachDb('portal: a link only for a deliberate request (invariant 8)', (kind) => {
  let t: PortalTestApp;
  let own: string;
  beforeAll(async () => {
    t = await startPortalApp(kind, {
      portal: { allowedLinkHosts: ['*.customerportal.localhost'], allowedOrigins: ['https://m.corp.example'] },
    });
    own = `http://127.0.0.1:${(t.http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  const auditRows = async () =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM nomos_magic_link_audit'))[0].n);
  /** Runs `send`, then checks that it minted nothing and wrote no audit row at all. */
  async function refused(
    send: () => Promise<request.Response>,
    status: 204 | 403,
    code: string,
  ): Promise<request.Response> {
    const [rows, mints] = [await auditRows(), t.emulator.counters.mintRequests];
    const res = await send();
    expect([res.status, res.headers.location, res.headers['cache-control']]).toEqual([status, undefined, 'no-store']);
    if (status === 403 && res.type === 'application/json' && res.request.method !== 'HEAD')
      expect(res.body).toMatchObject({ statusCode: 403, code });
    if (status === 403 && res.type === 'text/html') expect(res.text).toContain('Open it from the app');
    if (status === 204) expect(res.text ?? '').toBe('');
    expect([await auditRows(), t.emulator.counters.mintRequests]).toEqual([rows, mints]);
    const line = t.logs.text
      .split('\n')
      .find((l) => l.includes(`portal request ${res.headers['x-request-id']} refused: ${code}`));
    expect(line).toBeDefined();
    expect(line).not.toMatch(/alice|127\.0\.0\.1|Mozilla/);
    return res;
  }
  const portal = (headers: Headers, user = 'alice') =>
    request(t.http)
      .get('/portal')
      .set({ 'x-test-user': user, accept: 'application/json', ...headers });
  const link = () => request(t.http).post('/portal/link').set('x-test-user', 'alice');

  describe('GET /portal', () => {
    it.each(REFUSED_GETS)('refuses %s', async (_name, headers, status, code) => {
      await refused(() => portal(headers), status, code);
    });

    it('refuses HEAD without a Location, signed in or not', async () => {
      await refused(() => request(t.http).head('/portal').set('x-test-user', 'alice'), 403, 'NOT_A_NAVIGATION');
      await refused(() => request(t.http).head('/portal'), 403, 'NOT_A_NAVIGATION');
    });

    it('refuses a frame before anyone is looked up: no sign-in redirect inside a frame either', async () => {
      await refused(
        () =>
          request(t.http)
            .get('/portal')
            .set({ accept: 'text/html', 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate' }),
        403,
        'NOT_A_NAVIGATION',
      );
    });

    it('shows browsers a page, and no answer of the portal routes may be framed', async () => {
      const res = await refused(
        () => portal({ accept: 'text/html', 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate' }),
        403,
        'NOT_A_NAVIGATION',
      );
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(res.headers['x-request-id']);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    });

    it('mints for a top-level navigation, from another site too (a link in webmail)', async () => {
      const [rows, mints] = [await auditRows(), t.emulator.counters.mintRequests];
      const res = await portal({ ...NAVIGATION, 'sec-fetch-site': 'cross-site' }).expect(302);
      expect(res.headers.location).toMatch(/^https:\/\/acme-power\.customerportal\.localhost:\d+\/auth\/confirm\?/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect([await auditRows(), t.emulator.counters.mintRequests]).toEqual([rows + 1, mints + 1]);
    });

    it('keeps minting for a GET without Fetch Metadata (old browsers, webviews, scripts)', async () => {
      await portal({}).expect(302);
    });
  });

  describe('POST /portal/link', () => {
    it('refuses a POST without a body or content type (a beacon or no-cors fetch)', async () => {
      await refused(() => link(), 403, 'NOT_AN_API_REQUEST');
    });

    it.each(FORM_BODIES)('refuses %s', async (_name, type, body) => {
      await refused(() => link().set('content-type', type).send(body), 403, 'NOT_AN_API_REQUEST');
    });

    it('does not take X-Requested-With as proof (Android WebView adds it to every request)', async () => {
      await refused(() => link().set('x-requested-with', 'XMLHttpRequest'), 403, 'NOT_AN_API_REQUEST');
    });

    it('refuses a JSON POST whose Fetch Metadata says navigation or no-cors', async () => {
      await refused(
        () =>
          link()
            .set({ 'content-type': 'application/json', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' })
            .send('{}'),
        403,
        'NOT_AN_API_REQUEST',
      );
      await refused(
        () =>
          link()
            .set({ 'content-type': 'application/json', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' })
            .send('{}'),
        403,
        'NOT_AN_API_REQUEST',
      );
    });

    it.each([
      ['another site', 'https://evil.corp.example'],
      ['an opaque origin', 'null'],
      ['the app on another port', 'http://127.0.0.1:1'],
      ['the app over https', 'https:'],
    ])('refuses a JSON POST from %s', async (_name, origin) => {
      const sent = origin === 'https:' ? own.replace('http:', 'https:') : origin;
      await refused(() => link().set('origin', sent).send({}), 403, 'CROSS_ORIGIN_REQUEST');
    });

    it.each([
      ['JSON without an Origin (a mobile app)', () => link().send({})],
      ['the custom header, no body', () => link().set('x-nomos-portal', '1')],
      [
        'JSON from the app itself',
        () => link().set('origin', own).set('content-type', 'application/json; charset=utf-8').send('{}'),
      ],
      ['JSON from a listed origin', () => link().set('origin', 'https://m.corp.example').send({})],
    ])('mints for %s', async (_name, send) => {
      const [rows, mints] = [await auditRows(), t.emulator.counters.mintRequests];
      const res = await send().expect(200);
      expect(res.body.object).toBe('magic_link');
      expect([await auditRows(), t.emulator.counters.mintRequests]).toEqual([rows + 1, mints + 1]);
    });

    it('never reads an own origin out of a malformed Host (`app@evil.example` parses as evil.example)', async () => {
      await refused(
        () => link().set({ host: 'app@evil.example', origin: 'http://evil.example' }).send({}),
        403,
        'CROSS_ORIGIN_REQUEST',
      );
    });

    it("takes the app's own origin from X-Forwarded-* only behind a trusted proxy", async () => {
      const express = t.app.getHttpAdapter().getInstance();
      const proxied = () =>
        link()
          .set({
            'x-forwarded-proto': 'https',
            'x-forwarded-host': 'intranet.corp.example',
            origin: 'https://intranet.corp.example',
          })
          .send({});
      await refused(proxied, 403, 'CROSS_ORIGIN_REQUEST');
      express.set('trust proxy', 'loopback');
      try {
        await proxied().expect(200);
      } finally {
        express.set('trust proxy', false);
      }
    });
  });
});
