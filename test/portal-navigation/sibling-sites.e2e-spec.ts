import { browserSkipReason } from '../example/browser.js';
import { DB_KINDS } from '../support/databases.js';
import { USERS } from '../support/portal-app.js';
import type { SeenRequest, SiblingSites } from './sibling-sites.js';
import { startSiblingSites } from './sibling-sites.js';

const skipReason = browserSkipReason();
const describeBrowser = skipReason ? describe.skip : describe;
// Jest lists nothing for a file whose tests are all skipped: say it here too.
if (skipReason) console.warn(`portal navigation in Chromium: SKIPPED (${skipReason})`);

/** What a same-site page can make a signed-in person's browser send to the portal routes. */
const VECTORS: Array<[string, (portal: string, link: string) => string]> = [
  ['img', (portal) => `<img src="${portal}?v=img" alt="">`],
  ['iframe', (portal) => `<iframe src="${portal}?v=iframe"></iframe>`],
  ['link-prefetch', (portal) => `<link rel="prefetch" href="${portal}?v=link-prefetch">`],
  [
    'speculation-prefetch',
    (portal) =>
      '<script type="speculationrules">' +
      `{"prefetch":[{"source":"list","urls":["${portal}?v=speculation-prefetch"]}]}</script>`,
  ],
  [
    'speculation-prerender',
    (portal) =>
      '<script type="speculationrules">' +
      `{"prerender":[{"source":"list","urls":["${portal}?v=speculation-prerender"]}]}</script>`,
  ],
  [
    'no-cors-fetch',
    (portal) =>
      `<script>fetch(${JSON.stringify(`${portal}?v=no-cors-fetch`)}, ` +
      "{ mode: 'no-cors', credentials: 'include' })</script>",
  ],
  [
    'no-cors-fetch-post',
    (_portal, link) =>
      `<script>fetch(${JSON.stringify(`${link}?v=no-cors-fetch-post`)}, ` +
      "{ method: 'POST', mode: 'no-cors', credentials: 'include' })</script>",
  ],
  [
    'form-urlencoded',
    (_portal, link) =>
      `<form method="post" action="${link}?v=form-urlencoded"><input name="a" value="1"></form>` +
      '<script>document.forms[0].submit()</script>',
  ],
  [
    'form-text-plain',
    (_portal, link) =>
      `<form method="post" enctype="text/plain" action="${link}?v=form-text-plain">` +
      `<input name='{"a":"' value='1"}'></form><script>document.forms[0].submit()</script>`,
  ],
  [
    'frame-form-get',
    (portal) =>
      `<iframe srcdoc="${`<form method=get action='${portal}'><input name=v value=frame-form-get></form><script>document.forms[0].submit()</script>`.replace(/"/g, '&quot;')}"></iframe>`,
  ],
];

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  // Waits for an event the browser causes; how long it takes is never asserted.
  for (let waited = 0; waited < 20_000; waited += 50) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describeBrowser(
  `portal navigation from a sibling site in Chromium${skipReason ? ` — SKIPPED: ${skipReason}` : ''}`,
  () => {
    let s: SiblingSites;
    beforeAll(async () => {
      s = await startSiblingSites(DB_KINDS.includes('postgres') ? 'postgres' : 'sqlite');
      await s.page.goto(`${s.appOrigin}/host-sign-in?user=alice`);
    }, 60_000);
    // A count, not the values: a failure message must not print a credential either.
    afterAll(async () => expect(await s?.close()).toBe(0));

    const auditRows = async () =>
      Number((await s.dataSource.query('SELECT COUNT(*) AS n FROM nomos_magic_link_audit'))[0].n);
    const reached = (vector: string) =>
      until(`the ${vector} request to finish`, () =>
        s.seen.find((r: SeenRequest) => r.vector === vector && r.finished),
      );

    it.each(VECTORS)(
      '%s on the sibling site: reaches the portal route signed in, mints nothing',
      async (vector, html) => {
        const [rows, mints] = [await auditRows(), s.emulator.counters.mintRequests];
        await s.page.goto(s.evilPage(`/${vector}`, html(`${s.appOrigin}/portal`, `${s.appOrigin}/portal/link`)));
        const request = await reached(vector);
        // The attack is real: same-site (or browser-initiated), with the person's session cookie.
        expect([request.signedIn, ['same-site', 'none'].includes(request.site ?? '')]).toEqual([true, true]);
        expect([await auditRows(), s.emulator.counters.mintRequests]).toEqual([rows, mints]);
        // Nothing of the portal shows up anywhere, in a frame least of all.
        expect(s.page.frames().map((frame) => new URL(frame.url() || 'about:blank').hostname)).not.toContain(
          'acme-power.customerportal.localhost',
        );
      },
    );

    it('still opens the portal for a top-level click on a link on the sibling site', async () => {
      const [rows, mints] = [await auditRows(), s.emulator.counters.mintRequests];
      await s.page.goto(s.evilPage('/click', `<a href="${s.appOrigin}/portal?v=click">Open my energy account</a>`));
      await s.page.getByRole('link', { name: 'Open my energy account' }).click();
      await s.page.getByRole('heading', { name: 'Overview' }).waitFor();
      const url = new URL(s.page.url());
      expect([url.hostname, url.pathname]).toEqual(['acme-power.customerportal.localhost', '/auth/confirm']);
      expect(await s.page.locator('[data-customer-id]').first().getAttribute('data-customer-id')).toBe(USERS.alice);
      expect((await reached('click')).site).toBe('same-site');
      expect([await auditRows(), s.emulator.counters.mintRequests]).toEqual([rows + 1, mints + 1]);
      const [latest] = await s.dataSource.query(
        'SELECT outcome, channel FROM nomos_magic_link_audit ORDER BY id DESC LIMIT 1',
      );
      expect(latest).toEqual({ outcome: 'issued', channel: 'redirect' });
    });
  },
);
