// Found by `npm run test:mutation`: EmailAutoLinkService called directly. A second page means
// "ambiguous" even with one match on the first, the query asks for two customers by email, and the
// person is told nothing but null when no link is made.
import { EmailAutoLinkService } from '../../../src/customer-links/email-auto-link.service.js';
import { CustomerLinkService, NomosApiClient } from '../../../src/index.js';
import type { PortalTestApp } from '../../support/portal-app.js';
import { startPortalApp } from '../../support/portal-app.js';
import { personCustomer } from '../../support/emulator-customer.js';

const customer = personCustomer;

describe('EmailAutoLinkService, called directly [sqlite]', () => {
  let t: PortalTestApp;
  const autoLink = () => t.app.get(EmailAutoLinkService);
  const links = () => t.app.get(CustomerLinkService);
  const key = (subject: string) => links().keyOf(subject);
  // The log says why, by user id only (never the email).
  const logged = (user: string, what: string) =>
    new RegExp(`${what.replace('USER', `\\S*${user}\\S*`)}`).test(t.logs.text);

  beforeAll(async () => {
    t = await startPortalApp('sqlite', { portal: { autoLinkByEmail: { domains: ['corp.example'] } } });
    t.emulator.addCustomer(customer('cus_mia0000000000000000001', 'mia@corp.example'));
    t.emulator.addCustomer(customer('cus_noa0000000000000000001', 'noa@other.example'));
  });
  afterEach(() => (t.emulator.emailFilter = 'case-insensitive'));
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it('links the one customer with the email, as an email match made by auto-link', async () => {
    const link = await autoLink().linkByEmail(key('mia-user'), 'MIA@corp.example');
    expect(link).toMatchObject({
      userId: 'mia-user',
      customerId: 'cus_mia0000000000000000001',
      source: 'email-match',
      createdBy: 'auto-link',
    });
    expect(await links().findByUser('mia-user')).toMatchObject({ customerId: 'cus_mia0000000000000000001' });
    expect(logged('mia-user', 'auto-linked user USER to customer \\S*cus_mia0000000000000000001\\S* by email')).toBe(
      true,
    );
    expect(await autoLink().linkByEmail(key('nobody-user'), 'nobody@corp.example')).toBeNull();
    expect(logged('nobody-user', 'auto-link by email for user USER: no customer matches')).toBe(true);
  });

  it('treats a further page as ambiguous even when the first page has exactly one match', async () => {
    // Nomos ignoring the filter: the unfiltered list, two per page, with more behind it.
    t.emulator.emailFilter = 'ignored';
    const firstPage = await t.app.get(NomosApiClient).listCustomers({ limit: 2 });
    expect(firstPage.has_more).toBe(true);
    const onFirstPage = firstPage.items.find((c) => c.email?.endsWith('@corp.example'))?.email;
    expect(onFirstPage).toEqual(expect.any(String));
    const answered = t.emulator.answers().length;
    expect(await autoLink().linkByEmail(key('alice-twin'), onFirstPage!)).toBeNull();
    expect(await links().findByUser('alice-twin')).toBeNull();
    expect(logged('alice-twin', 'auto-link by email for user USER: more than one customer matches')).toBe(true);
    const asked = t.emulator.answers().slice(answered);
    expect(asked.map((a) => a.status)).toEqual([200]);
  });

  it('links only at a listed domain, compared after ASCII lower-casing', async () => {
    expect(await autoLink().linkByEmail(key('noa-user'), 'noa@other.example')).toBeNull();
    expect(await links().findByUser('noa-user')).toBeNull();
    expect(
      logged(
        'noa-user',
        'auto-link by email for user USER: the email domain is not in portal\\.autoLinkByEmail\\.domains',
      ),
    ).toBe(true);
    expect(await autoLink().linkByEmail(key('mia-2'), 'mia@CORP.example')).toMatchObject({
      customerId: 'cus_mia0000000000000000001',
    });
  });

  it('asks Nomos nothing for an address it may not link', async () => {
    const before = t.emulator.counters.customerRequests;
    expect(await autoLink().linkByEmail(key('x-user'), 'mia@evil.example')).toBeNull();
    expect(await autoLink().linkByEmail(key('y-user'), 'm\u00efa@corp.example')).toBeNull();
    expect(logged('y-user', 'auto-link by email for user USER: the email is not a plain ASCII address')).toBe(true);
    expect(t.emulator.counters.customerRequests).toBe(before);
  });
});
