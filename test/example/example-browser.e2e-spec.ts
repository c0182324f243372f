import type { Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../../example/demo-people.js';
import { browserSkipReason, screenshotter } from './browser.js';
import { startExampleInBrowser, type ExampleInBrowser } from './browser-harness.js';
import { IntranetSteps } from './intranet-steps.js';

const skipReason = browserSkipReason();
const describeBrowser = skipReason ? describe.skip : describe;
// Jest lists nothing for a file whose tests are all skipped: say it here too.
if (skipReason) console.warn(`intranet example in Chromium: SKIPPED (${skipReason})`);
const [anna, jonas, lena, mira] = DEMO_PEOPLE;
const PORTAL_HOST = 'acme-power.customerportal.localhost';

describeBrowser(`intranet example in Chromium${skipReason ? ` — SKIPPED: ${skipReason}` : ''}`, () => {
  const shot = screenshotter('example');
  let t: ExampleInBrowser;
  let page: Page;
  let steps: IntranetSteps;
  let firstLink: string;

  beforeAll(async () => {
    t = await startExampleInBrowser({ EXAMPLE_AUDIT_PAGE_SIZE: '3' });
    page = t.page;
    steps = new IntranetSteps(page);
  }, 60_000);

  // A count, not the values: a failure message must not print a credential either.
  afterAll(async () => expect(await t?.close()).toBe(0));

  const home = async () => page.goto(`${t.base}/`);

  it('shows "Sign in with SSO" to a signed-out visitor', async () => {
    const response = await home();
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("form-action 'self'");
    await shot(page, 'signed-out-home');
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Sign in to Acme Intranet' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dev-idp/sso');
    await shot(page, 'dev-idp-login');
  });

  it('signs the mapped person in through the development IdP', async () => {
    await steps.signInAs(anna.displayName);
    expect(page.url()).toBe(`${t.base}/`);
    expect(t.requestedPaths).toContain('/auth/saml/acs');
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await shot(page, 'home-signed-in');
  });

  it("opens the emulated portal overview of that person's customer", async () => {
    await steps.openEnergyAccount();
    const url = new URL(page.url());
    expect([url.hostname, url.pathname]).toEqual([PORTAL_HOST, '/auth/confirm']);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await steps.portalCustomer()).toBe(anna.customerId);
    firstLink = page.url();
    const issued = t.running.emulator!.issuedLinks();
    expect(issued.length === 1 && issued[0].link === firstLink).toBe(true);
    await shot(page, 'portal-overview');
  });

  it('mints a new, working link on the next click', async () => {
    await page.goBack();
    await page.getByRole('heading', { name: `Hello, ${anna.displayName}` }).waitFor();
    await steps.openEnergyAccount();
    expect(await steps.portalCustomer()).toBe(anna.customerId);
    expect(page.url() !== firstLink).toBe(true);
    expect(t.running.emulator!.issuedLinks().map((l) => l.usedAt !== undefined)).toEqual([true, true]);
    await shot(page, 'portal-overview-second-link');
  });

  it('refuses the first link when it is opened again', async () => {
    const response = await page.goto(firstLink);
    expect(response?.status()).toBe(410);
    await page.getByRole('heading', { name: 'This link has already been used' }).waitFor();
    expect(await steps.portalCustomer()).toBeNull();
    await shot(page, 'portal-link-reused');
  });

  it('shows "Energy portal unavailable" with a reference when Nomos keeps failing', async () => {
    await home();
    t.running.emulator!.injectFault('mint', { status: 503 }, 3); // the first try and both retries
    const [response] = await Promise.all([page.waitForResponse(`${t.base}/portal`), steps.openEnergyAccount()]);
    expect(response.status()).toBe(503);
    await page.getByRole('heading', { name: 'Energy portal unavailable' }).waitFor();
    expect(await page.getByText('Reference:').count()).toBe(1);
    await shot(page, 'portal-unavailable');
  });

  it('sends the person without a subscription to the checkout (/start)', async () => {
    await home();
    await steps.signOut();
    await steps.signInFromHome(jonas.displayName);
    await steps.openEnergyAccount();
    expect(new URL(page.url()).pathname).toBe('/start');
    expect(await steps.portalCustomer()).toBe(jonas.customerId);
    await shot(page, 'portal-start-checkout');
  });

  it('tells the unmapped person that no energy account is linked, and keeps the audit page from them', async () => {
    await home();
    await steps.signOut();
    await steps.signInFromHome(lena.displayName);
    const [response] = await Promise.all([page.waitForResponse(`${t.base}/portal`), steps.openEnergyAccount()]);
    expect(response.status()).toBe(404);
    await page.getByRole('heading', { name: 'No energy account linked' }).waitFor();
    expect(await page.getByText('Reference:').count()).toBe(1);
    await shot(page, 'no-energy-account-linked');
    expect((await page.goto(`${t.base}/audit`))?.status()).toBe(403);
    await shot(page, 'audit-forbidden');
  });

  it('shows the admin every new mint on the audit page, with paging', async () => {
    await home();
    await steps.signOut();
    await steps.signInFromHome(mira.displayName);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit' }).waitFor();
    const newest = await steps.auditRows();
    await shot(page, 'audit-newest');
    await page.getByRole('link', { name: 'Older' }).click();
    await page.getByRole('link', { name: 'Newest' }).waitFor();
    const all = [...newest, ...(await steps.auditRows())];
    await shot(page, 'audit-older');
    expect(newest).toHaveLength(3);
    expect(await page.getByRole('link', { name: 'Older' }).count()).toBe(0);
    // Cells: time, person, customer, outcome, host, fingerprint prefix; newest first.
    expect(all.map((r) => [r[1], r[2], r[3]])).toEqual([
      [lena.nameId, '—', 'denied (CUSTOMER_NOT_LINKED)'],
      [jonas.nameId, jonas.customerId, 'issued'],
      [anna.nameId, anna.customerId, 'failed (SERVICE_UNAVAILABLE)'],
      [anna.nameId, anna.customerId, 'issued'],
      [anna.nameId, anna.customerId, 'issued'],
    ]);
    const issued = [all[1], all[3], all[4]];
    expect(issued.map((r) => r[4])).toEqual(Array(3).fill(`${PORTAL_HOST}:${t.running.emulator!.portalPort}`));
    expect(issued.every((r) => /^[0-9a-f]{12}$/.test(r[5]))).toBe(true);
    expect(new Set(issued.map((r) => r[5])).size).toBe(3);
    expect([all[0][5], all[2][5]]).toEqual(['—', '—']);
  });

  it('asks for a new sign-in at /portal after sign-out, then lands in the portal', async () => {
    await home();
    await steps.signOut();
    expect(t.requestedPaths).toContain('/dev-idp/slo');
    await shot(page, 'signed-out-again');
    await page.goto(`${t.base}/portal`);
    await page.getByRole('heading', { name: 'Sign in to Acme Intranet' }).waitFor();
    await shot(page, 'portal-asks-to-sign-in');
    // IdP form → ACS → /portal → the portal: the CSP's form-action must allow every hop of that chain.
    await page.getByRole('button', { name: `Sign in as ${anna.displayName}` }).click();
    await page.waitForURL((url) => url.hostname === PORTAL_HOST);
    expect(await steps.portalCustomer()).toBe(anna.customerId);
    await shot(page, 'portal-after-sign-in');
    expect(t.cspViolations).toEqual([]);
  });
});
