// Found by `npm run test:mutation`: MagicLinkService called directly (no controller, no signal),
// the email auto-link and its failures, and each moment a person can go away during a mint.
// Real app, real SQLite, the Nomos emulator; the only fakes wrap the real client or audit service
// to fire the person's abort at one exact step.
import type { AuditService as AuditServiceType, NomosApiClient as NomosApiClientType } from '../../../src/index.js';
import {
  AuditService,
  ClientDisconnectedError,
  CustomerLinkService,
  CustomerLinkStoreError,
  CustomerNotLinkedError,
  InvalidUserError,
  MagicLinkService,
  MagicLinkUnavailableError,
  NomosApiClient,
  PortalAccessEndedError,
} from '../../../src/index.js';
import { CUSTOMER_LINKS_OPTIONS } from '../../../src/customer-links/customer-links.options.js';
import { EmailAutoLinkService } from '../../../src/customer-links/email-auto-link.service.js';
import { MAGIC_LINKS_OPTIONS } from '../../../src/magic-links/magic-links.options.js';
import { RATE_LIMIT_ABOVE_TEST_LOAD } from '../../../src/testing/index.js';
import type { PortalTestApp } from '../../support/portal-app.js';
import { USERS, startPortalApp } from '../../support/portal-app.js';

type Person = Parameters<MagicLinkService['mintForUser']>[0];
const person = (id: unknown, email?: string) => ({ id, email }) as unknown as Person;

describe('MagicLinkService, called directly [sqlite]', () => {
  let t: PortalTestApp;
  let service: MagicLinkService;
  const rowsOf = async (userId: string) => (await t.app.get(AuditService).query({ userId })).items;

  beforeAll(async () => {
    // About the service's steps, not Nomos's 10/s (test/concurrency/rate-limit asserts that): the tests
    // count mint attempts exactly, and a 429 from a busy second would add a retry.
    t = await startPortalApp('sqlite', {
      portal: { autoLinkByEmail: true },
      emulatorRateLimit: RATE_LIMIT_ABOVE_TEST_LOAD,
    });
    service = t.app.get(MagicLinkService);
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });
  beforeEach(() => {
    t.emulator.clearFaults();
    t.emulator.latencyMs = 0;
  });

  it('takes a plain user id string, and times the mint in milliseconds', async () => {
    const minted = await service.mintForUser('alice');
    expect(minted.customerId).toBe(USERS.alice);
    const [row] = await rowsOf('alice');
    expect(row).toMatchObject({ id: minted.auditId, outcome: 'issued', channel: 'service', mintAttempts: 1 });
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
    expect(row.durationMs).toBeLessThan(60_000);
  });

  it('mints for a back-office caller without a signal, recording the actor', async () => {
    const minted = await service.mintForCustomer(USERS.bob, { actorId: 'admin-7' });
    expect(minted.customerId).toBe(USERS.bob);
    expect((await rowsOf('admin-7')).map((r) => [r.outcome, r.customerId, r.channel])).toEqual([
      ['issued', USERS.bob, 'service'],
    ]);
  });

  it('refuses a person without an id, audited denied with no user', async () => {
    const before = t.emulator.counters.mintRequests;
    await expect(service.mintForUser(null as unknown as Person, { requestId: 'rq-no-id-0001' })).rejects.toBeInstanceOf(
      InvalidUserError,
    );
    const rows = (await t.app.get(AuditService).query({ outcome: 'denied' })).items.filter(
      (r) => r.requestId === 'rq-no-id-0001',
    );
    expect(rows.map((r) => [r.userId, r.errorCode])).toEqual([[null, 'INVALID_USER']]);
    expect(t.emulator.counters.mintRequests).toBe(before);
  });

  it('auto-links a person by verified email, and only a person object with an email', async () => {
    const minted = await service.mintForUser(person('dave', 'ALICE@corp.example'));
    expect(minted.customerId).toBe(USERS.alice);
    expect(await t.app.get(CustomerLinkService).findByUser('dave')).toMatchObject({
      customerId: USERS.alice,
      source: 'email-match',
    });

    await expect(service.mintForUser('bob@corp.example')).rejects.toBeInstanceOf(CustomerNotLinkedError);
    await expect(service.mintForUser(person('frank'))).rejects.toBeInstanceOf(CustomerNotLinkedError);
    expect((await rowsOf('frank')).map((r) => [r.outcome, r.errorCode])).toEqual([['denied', 'CUSTOMER_NOT_LINKED']]);
    expect(await t.app.get(CustomerLinkService).findByUser('bob@corp.example')).toBeNull();
  });

  it('audits a Nomos failure during the auto-link as failed with its code and request id', async () => {
    t.emulator.injectFault('customers', { status: 400 });
    const error = await service.mintForUser(person('gina', 'bob@corp.example')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagicLinkUnavailableError);
    const failure = error as MagicLinkUnavailableError;
    expect(failure.nomosRequestId).toEqual(expect.any(String));
    expect((await rowsOf('gina')).map((r) => [r.outcome, r.errorCode, r.nomosRequestId, r.mintAttempts])).toEqual([
      ['failed', failure.code, failure.nomosRequestId, 0],
    ]);
    expect(await t.app.get(CustomerLinkService).findByUser('gina')).toBeNull();
  });

  it('answers a Retry-After past the deadline with RATE_LIMITED, audited', async () => {
    t.emulator.injectFault('mint', { status: 429, retryAfter: 120 });
    const error = await service.mintForUser('alice', { requestId: 'rq-rate-limited' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    const row = (await rowsOf('alice')).find((r) => r.requestId === 'rq-rate-limited');
    expect(row).toMatchObject({ outcome: 'failed', errorCode: 'RATE_LIMITED', mintAttempts: 1 });
  });

  it('calls Nomos not at all when the person is gone before the mint', async () => {
    const before = t.emulator.counters.mintRequests;
    const gone = new AbortController();
    gone.abort();
    await expect(
      service.mintForUser('alice', { signal: gone.signal, requestId: 'rq-gone-before' }),
    ).rejects.toBeInstanceOf(ClientDisconnectedError);
    expect((await rowsOf('alice')).find((r) => r.requestId === 'rq-gone-before')).toMatchObject({
      outcome: 'failed',
      errorCode: 'CLIENT_DISCONNECTED',
      mintAttempts: 0,
    });
    expect(t.emulator.counters.mintRequests).toBe(before);
  });

  it('records CLIENT_DISCONNECTED when the person leaves while Nomos is minting', async () => {
    t.emulator.latencyMs = 3000;
    const gone = new AbortController();
    const minting = service.mintForUser('alice', { signal: gone.signal, requestId: 'rq-gone-during' });
    setTimeout(() => gone.abort(), 300);
    await expect(minting).rejects.toBeInstanceOf(ClientDisconnectedError);
    expect((await rowsOf('alice')).find((r) => r.requestId === 'rq-gone-during')).toMatchObject({
      outcome: 'failed',
      errorCode: 'CLIENT_DISCONNECTED',
    });
  });

  // Builds the service with one real collaborator wrapped so that the abort fires at one step.
  const serviceWith = (parts: {
    nomos?: NomosApiClientType;
    audit?: AuditServiceType;
    autoLinker?: EmailAutoLinkService;
    links?: CustomerLinkService;
  }) =>
    new MagicLinkService(
      parts.links ?? t.app.get(CustomerLinkService),
      parts.autoLinker ?? t.app.get(EmailAutoLinkService),
      parts.audit ?? t.app.get(AuditService),
      parts.nomos ?? t.app.get(NomosApiClient),
      t.app.get(MAGIC_LINKS_OPTIONS),
    );

  it('answers a mapping store failure after the Nomos lookup with DATABASE_UNAVAILABLE, audited, no mint', async () => {
    // The real auto-linker and Nomos lookup; only the mapping's insert fails, as a dropped database would.
    const realLinks = t.app.get(CustomerLinkService);
    const links = Object.assign(Object.create(realLinks) as CustomerLinkService, {
      link: async () => {
        throw new CustomerLinkStoreError({ cause: new Error('SQLITE_IOERR') });
      },
    });
    const autoLinker = new EmailAutoLinkService(links, t.app.get(NomosApiClient), t.app.get(CUSTOMER_LINKS_OPTIONS));
    const lookups = t.emulator.counters.customerRequests;
    const mints = t.emulator.counters.mintRequests;
    const error = await serviceWith({ autoLinker })
      .mintForUser(person('ivan', 'alice@corp.example'), { requestId: 'rq-store-fails' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerLinkStoreError);
    expect(t.emulator.counters.customerRequests).toBe(lookups + 1);
    expect(t.emulator.counters.mintRequests).toBe(mints);
    expect((await rowsOf('ivan')).map((r) => [r.outcome, r.errorCode, r.mintAttempts, r.requestId])).toEqual([
      ['failed', 'DATABASE_UNAVAILABLE', 0, 'rq-store-fails'],
    ]);
    expect(await realLinks.findByUser('ivan')).toBeNull();
  });

  it('refuses an unusable issuer before any lookup, audited denied INVALID_USER', async () => {
    const before = { mints: t.emulator.counters.mintRequests, lookups: t.emulator.counters.customerRequests };
    const subject = { id: 'jan', issuer: `https://idp.example/${'x'.repeat(1100)}` } as unknown as Person;
    const error = await service.mintForUser(subject, { requestId: 'rq-bad-issuer' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUserError);
    expect((error as Error).message).toMatch(/issuer is not usable/);
    const rows = (await rowsOf('jan')).filter((r) => r.requestId === 'rq-bad-issuer');
    expect(rows.map((r) => [r.outcome, r.errorCode, r.issuer])).toEqual([['denied', 'INVALID_USER', null]]);
    expect(t.emulator.counters.mintRequests).toBe(before.mints);
    expect(t.emulator.counters.customerRequests).toBe(before.lookups);
  });

  it('answers a suspended mapping with CUSTOMER_SUSPENDED, audited denied, no mint', async () => {
    const links = t.app.get(CustomerLinkService);
    await links.link('kim', USERS.bob);
    expect(await links.suspend('kim')).toBe(true);
    const mints = t.emulator.counters.mintRequests;
    await expect(service.mintForUser('kim', { requestId: 'rq-suspended' })).rejects.toBeInstanceOf(
      PortalAccessEndedError,
    );
    expect((await rowsOf('kim')).map((r) => [r.outcome, r.errorCode, r.requestId])).toEqual([
      ['denied', 'CUSTOMER_SUSPENDED', 'rq-suspended'],
    ]);
    expect(t.emulator.counters.mintRequests).toBe(mints);
  });

  it('answers an unreadable mapping with DATABASE_UNAVAILABLE, audited, no mint', async () => {
    const realLinks = t.app.get(CustomerLinkService);
    const links = Object.assign(Object.create(realLinks) as CustomerLinkService, {
      resolveForMint: async () => {
        throw new CustomerLinkStoreError({ cause: new Error('SQLITE_IOERR') });
      },
    });
    const mints = t.emulator.counters.mintRequests;
    const error = await serviceWith({ links })
      .mintForUser('alice', { requestId: 'rq-mapping-unreadable' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerLinkStoreError);
    const row = (await rowsOf('alice')).find((r) => r.requestId === 'rq-mapping-unreadable');
    expect(row).toMatchObject({ outcome: 'failed', errorCode: 'DATABASE_UNAVAILABLE', mintAttempts: 0 });
    expect(t.emulator.counters.mintRequests).toBe(mints);
  });

  it("refuses a link on a host that is not allowed: failed INVALID_PORTAL_LINK with Nomos's request id", async () => {
    t.emulator.injectFault('mint', {
      status: 200,
      body: { object: 'magic_link', link: 'https://evil.example/auth/magic?token_hash=abc' },
    });
    const error = await service.mintForUser('alice', { requestId: 'rq-evil-host' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_PORTAL_LINK' });
    const row = (await rowsOf('alice')).find((r) => r.requestId === 'rq-evil-host');
    expect(row).toMatchObject({ outcome: 'failed', errorCode: 'INVALID_PORTAL_LINK', mintAttempts: 1 });
    expect(row!.nomosRequestId).toEqual(expect.any(String));
    expect(row!.linkFingerprint).toBeNull();
  });

  it('sends nothing when the audit cannot count the call: failed AUDIT_UNAVAILABLE, its error thrown', async () => {
    const real = t.app.get(AuditService);
    const broken = new Error('audit count refused');
    const audit = Object.assign(Object.create(real) as AuditServiceType, {
      // The insert counts the first call; fail the count of the second (a retry after a 503).
      countAttempt: async () => {
        throw broken;
      },
    });
    t.emulator.injectFault('mint', { status: 503 });
    const mints = t.emulator.counters.mintRequests;
    const error = await serviceWith({ audit })
      .mintForUser('alice', { requestId: 'rq-count-fails' })
      .catch((e: unknown) => e);
    expect(error).toBe(broken);
    expect(t.emulator.counters.mintRequests).toBe(mints + 1);
    const row = (await rowsOf('alice')).find((r) => r.requestId === 'rq-count-fails');
    expect(row).toMatchObject({ outcome: 'failed', errorCode: 'AUDIT_UNAVAILABLE', mintAttempts: 1 });
  });

  it('records abandoned, with the fingerprint, when the person leaves right after Nomos answered', async () => {
    const gone = new AbortController();
    const real = t.app.get(NomosApiClient);
    const nomos = Object.assign(Object.create(real) as NomosApiClientType, {
      createMagicLink: async (...args: Parameters<NomosApiClientType['createMagicLink']>) => {
        const minted = await real.createMagicLink(...args);
        gone.abort();
        return minted;
      },
    });
    await expect(
      serviceWith({ nomos }).mintForUser('alice', { signal: gone.signal, requestId: 'rq-gone-after-mint' }),
    ).rejects.toBeInstanceOf(ClientDisconnectedError);
    const row = (await rowsOf('alice')).find((r) => r.requestId === 'rq-gone-after-mint');
    expect(row).toMatchObject({
      outcome: 'abandoned',
      mintAttempts: 1,
      linkHost: expect.stringContaining('customerportal.localhost'),
    });
    expect(row!.linkFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns issued into abandoned when the person leaves while the completion is written', async () => {
    const gone = new AbortController();
    const real = t.app.get(AuditService);
    const audit = Object.assign(Object.create(real) as AuditServiceType, {
      complete: async (...args: Parameters<AuditServiceType['complete']>) => {
        await real.complete(...args);
        if (args[1].outcome === 'issued') gone.abort();
      },
    });
    await expect(
      serviceWith({ audit }).mintForUser('alice', { signal: gone.signal, requestId: 'rq-gone-at-issue' }),
    ).rejects.toBeInstanceOf(ClientDisconnectedError);
    expect((await rowsOf('alice')).find((r) => r.requestId === 'rq-gone-at-issue')).toMatchObject({
      outcome: 'abandoned',
      mintAttempts: 1,
    });
  });
});

describe('MagicLinkService without auto-link [sqlite]', () => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp('sqlite');
  });
  afterAll(() => t.close());

  it('never links by email when portal.autoLinkByEmail is off', async () => {
    await expect(t.app.get(MagicLinkService).mintForUser(person('hana', 'alice@corp.example'))).rejects.toBeInstanceOf(
      CustomerNotLinkedError,
    );
    expect(await t.app.get(CustomerLinkService).findByUser('hana')).toBeNull();
    expect(t.emulator.counters.customerRequests).toBe(0);
  });
});
