import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditService, MagicLinkAudit } from '../../src/audit/index.js';
import type { PortalUser } from '../../src/identity/index.js';
import { MintAudit } from '../../src/magic-links/mint-audit.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

// Issue 11 deliverable 2: every row the mint path writes says who minted, on both databases.
const ENTRA = 'https://sts.windows.net/4f1c0a4e-0000-4000-8000-000000000001/';
const person: Pick<PortalUser, 'id' | 'issuer' | 'userName' | 'authn'> = {
  id: 'a1b2c3-immutable-oid',
  issuer: ENTRA,
  userName: 'ada.lovelace@example.com',
  authn: {
    sessionIndex: '_be9967abd904ddcae3c0eb4189adbe3f71e327cf93',
    authnInstant: '2026-12-02T09:15:30.250Z',
    contextClass: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    methods: ['pwd', 'mfa'],
  },
};
const SIGNED_IN = {
  userId: person.id,
  issuer: ENTRA,
  userName: 'ada.lovelace@example.com',
  sessionIndex: '_be9967abd904ddcae3c0eb4189adbe3f71e327cf93',
  authnInstant: new Date('2026-12-02T09:15:30.250Z'),
  authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport amr=pwd,mfa',
};
const NOBODY = { issuer: null, userName: null, sessionIndex: null, authnInstant: null, authnContext: null };

describeEachDb('audit rows say who minted', (kind) => {
  let t: TestDataSource;
  let audit: AuditService;
  const stored = (id: number) => t.dataSource.getRepository(MagicLinkAudit).findOneByOrFail({ id });
  const newest = async () =>
    (await t.dataSource.getRepository(MagicLinkAudit).find({ order: { id: 'DESC' }, take: 1 }))[0];

  beforeAll(async () => {
    t = await openTestDataSource(kind, { entities: [MagicLinkAudit], migrations: nomosPortalMigrations });
    audit = new AuditService(t.dataSource.getRepository(MagicLinkAudit));
  });
  afterAll(() => t?.close());

  it('puts the signed-in person on the pending row, and completion keeps it', async () => {
    const mint = new MintAudit(audit, { channel: 'redirect', requestId: 'req-1' }, person);
    const pending = await mint.begin(person.id, 'cus_ADA');
    expect(await stored(pending.id)).toMatchObject({ ...SIGNED_IN, outcome: 'pending', customerId: 'cus_ADA' });
    await pending.finish({ outcome: 'failed', errorCode: 'NOMOS_UNAVAILABLE' });
    expect(await stored(pending.id)).toMatchObject({ ...SIGNED_IN, outcome: 'failed', requestId: 'req-1' });
  });

  it('puts it on the single-write rows too: a refusal and an unreadable mapping table', async () => {
    const mint = new MintAudit(audit, { channel: 'json' }, person);
    await mint.endedBeforeMint({ userId: person.id, outcome: 'denied', errorCode: 'CUSTOMER_NOT_LINKED' });
    expect(await newest()).toMatchObject({ ...SIGNED_IN, outcome: 'denied', errorCode: 'CUSTOMER_NOT_LINKED' });
    await mint.storeFailure(person.id);
    expect(await newest()).toMatchObject({ ...SIGNED_IN, outcome: 'failed', errorCode: 'DATABASE_UNAVAILABLE' });
  });

  it('stores nulls when nobody signed in or the sign-in said nothing', async () => {
    const service = await new MintAudit(audit, { channel: 'service' }).begin(undefined, 'cus_X');
    expect(await stored(service.id)).toMatchObject({ ...NOBODY, userId: null });
    const bare = await new MintAudit(audit, {}, { authn: {} }).begin('sub-2', 'cus_X');
    expect(await stored(bare.id)).toMatchObject({ ...NOBODY, userId: 'sub-2' });
    const empty = await new MintAudit(audit, {}, { issuer: '', userName: '', authn: { methods: [] } }).begin(
      'sub-3',
      'cus_X',
    );
    expect(await stored(empty.id)).toMatchObject(NOBODY);
  });

  it('records only the class, or only the methods, when the IdP gave only one', async () => {
    const classOnly = new MintAudit(audit, {}, { authn: { contextClass: 'urn:example:ac:mfa' } });
    expect(await stored((await classOnly.begin('s', 'c')).id)).toMatchObject({ authnContext: 'urn:example:ac:mfa' });
    const methodsOnly = new MintAudit(audit, {}, { authn: { methods: ['rsa', 'mfa'] } });
    expect(await stored((await methodsOnly.begin('s', 'c')).id)).toMatchObject({ authnContext: 'amr=rsa,mfa' });
  });

  it('bounds oversize values and drops NUL as other free text is, without failing the write', async () => {
    const mint = new MintAudit(
      audit,
      {},
      {
        issuer: `https://idp.example/${'i'.repeat(2000)}`,
        userName: `ada\0.${'u'.repeat(400)}`,
        authn: {
          sessionIndex: `_s\0${'s'.repeat(400)}`,
          authnInstant: '2026-12-02T10:15:30+01:00',
          contextClass: `urn:example:ac:${'c'.repeat(480)}`,
          methods: ['pwd', 'm'.repeat(40), 'mfa'],
        },
      },
    );
    const row = await stored((await mint.begin('s', 'c')).id);
    expect(row.issuer).toBe(`https://idp.example/${'i'.repeat(1004)}`);
    expect(row.userName).toBe(`ada.${'u'.repeat(251)}`);
    expect(row.sessionIndex).toBe(`_s${'s'.repeat(253)}`);
    expect(row.authnInstant!.toISOString()).toBe('2026-12-02T09:15:30.000Z');
    // 495 characters of class leave room for ' amr=pwd' but not for the 40-character method after it.
    expect(row.authnContext).toBe(`urn:example:ac:${'c'.repeat(480)} amr=pwd`);
  });

  it('keeps control characters out of the authn_context separators and drops unreadable values', async () => {
    const mint = new MintAudit(
      audit,
      {},
      {
        issuer: 42 as unknown as string,
        authn: {
          sessionIndex: { toString: () => 'x' } as unknown as string,
          authnInstant: '2 Dec 2026 09:15:30', // Date would read it, in the process's local time
          contextClass: 'urn:example:\tac, x\n',
          methods: ['p w\rd', 7 as unknown as string, '', 'o,tp', '\0'],
        },
      },
    );
    expect(await stored((await mint.begin('s', 'c')).id)).toMatchObject({
      issuer: null,
      sessionIndex: null,
      authnInstant: null,
      authnContext: 'urn:example:acx amr=pwd,otp',
    });
  });

  it('returns the new fields from query and filters by issuer, alone or with the subject', async () => {
    const OKTA = 'http://www.okta.com/exk1fxp0example';
    const at = (issuer: string, userId: string) =>
      new MintAudit(audit, { channel: 'redirect' }, { issuer, userName: `${userId}@example.com` }).endedBeforeMint({
        userId,
        outcome: 'denied',
        errorCode: 'CUSTOMER_NOT_LINKED',
      });
    await at(ENTRA, 'same-subject');
    await at(OKTA, 'same-subject');
    await at(OKTA, 'other');
    const page = await audit.query({ issuer: OKTA, userId: 'same-subject' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ issuer: OKTA, userId: 'same-subject', userName: 'same-subject@example.com' });
    expect((await audit.query({ issuer: OKTA })).items.map((r) => r.userId)).toEqual(['other', 'same-subject']);
    const entra = (await audit.query({ issuer: ENTRA, limit: 500 })).items;
    expect(entra.length).toBeGreaterThan(1);
    expect(entra.every((r) => r.issuer === ENTRA)).toBe(true);
    expect(entra.find((r) => r.sessionIndex !== null)).toMatchObject(SIGNED_IN);
    await expect(audit.query({ issuer: '' })).rejects.toMatchObject({
      name: 'InvalidAuditQueryError',
      field: 'issuer',
    });
  });
});
