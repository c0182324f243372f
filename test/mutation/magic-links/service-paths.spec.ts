// Found by `npm run test:mutation`: the service's paths that only the HTTP suites drove — the
// per-person limit, a recycled sign-in name, the signup step and deep links — called directly.
// Real app, real SQLite, the Nomos emulator.
import { AuditService, CustomerLinkService, CustomerNotLinkedError, MagicLinkService } from '../../../src/index.js';
import { PersonRateLimitedError } from '../../../src/magic-links/magic-link.errors.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from '../../../src/testing/index.js';
import type { PortalTestApp } from '../../support/portal-app.js';
import { USERS, startPortalApp } from '../../support/portal-app.js';

const SIGNUP_URL = 'https://energy.corp.example/signup';

describe('MagicLinkService paths [sqlite]', () => {
  let t: PortalTestApp;
  let service: MagicLinkService;
  const rowsOf = async (userId: string) => (await t.app.get(AuditService).query({ userId })).items;
  const refusalOf = (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error,
    );

  beforeAll(async () => {
    t = await startPortalApp('sqlite', {
      portal: {
        personRateLimit: { limit: 2, ttlMs: 60_000 },
        signup: { url: SIGNUP_URL, referenceSecret: 's'.repeat(40) },
        deepLinkPaths: ['/invoices'],
      },
      emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD,
    });
    service = t.app.get(MagicLinkService);
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it('refuses a person past the limit before any lookup: denied RATE_LIMITED, no Nomos call', async () => {
    await service.mintForUser('bob');
    await service.mintForUser('bob');
    const before = t.emulator.counters.mintRequests;
    const error = await refusalOf(service.mintForUser('bob'));
    expect(error).toBeInstanceOf(PersonRateLimitedError);
    const wait = (error as PersonRateLimitedError).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(t.emulator.counters.mintRequests).toBe(before);
    expect((await rowsOf('bob')).map((r) => [r.outcome, r.errorCode])).toEqual([
      ['denied', 'RATE_LIMITED'],
      ['issued', null],
      ['issued', null],
    ]);
  });

  it("refuses a new subject holding another subject's sign-in name: denied IDENTITY_NAME_REUSED", async () => {
    await t.app
      .get(CustomerLinkService)
      .link('dave-old', USERS.alice, { source: 'manual', createdBy: 'test', userName: 'dave@corp.example' });
    const error = await refusalOf(service.mintForUser({ id: 'dave-new', userName: 'dave@corp.example' }));
    expect(error).toBeInstanceOf(CustomerNotLinkedError);
    expect((await rowsOf('dave-new')).map((r) => [r.outcome, r.errorCode, r.userName])).toEqual([
      ['denied', 'IDENTITY_NAME_REUSED', 'dave@corp.example'],
    ]);
  });

  it('offers an unlinked person the signup, with a reference', async () => {
    const error = await refusalOf(service.mintForUser('carol'));
    expect(error).toBeInstanceOf(CustomerNotLinkedError);
    const href = (error as CustomerNotLinkedError).nextStep?.href ?? '';
    expect(href.startsWith(`${SIGNUP_URL}?nomos_portal_ref=`)).toBe(true);
    expect((await rowsOf('carol')).map((r) => [r.outcome, r.errorCode])).toEqual([['denied', 'CUSTOMER_NOT_LINKED']]);
  });

  it('lands the link where an allowed `next` asks, and ignores one outside the allowed paths', async () => {
    const deep = await service.mintForUser('alice', { next: '/invoices/inv_1' });
    expect(new URL(deep.link).searchParams.get('next')).toBe('/invoices/inv_1');
    const plain = await service.mintForUser('alice', { next: '/settings', requestId: 'rq-deep-0001' });
    expect(new URL(plain.link).searchParams.get('next')).toBe('/overview');
    expect(t.logs.text).toContain(
      'request rq-deep-0001: deep link ignored (not under an allowed portal path): next=/settings',
    );
  });
});
