// Found by `npm run test:mutation`: what each row of a request carries, when the pending row's
// attempt count is written, and what a failing count or table does. Real AuditService, SQLite.
import type { DataSource } from 'typeorm';
import { migratedMemoryDataSource } from '../memory-database.js';
import { AuditService, AuditWriteError, MagicLinkAudit } from '../../../src/audit/index.js';
import type { MintAuditPerson } from '../../../src/magic-links/mint-audit.js';
import { MintAudit } from '../../../src/magic-links/mint-audit.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const person: MintAuditPerson = {
  issuer: 'https://idp.example',
  userName: 'ada@corp.example',
  authn: { sessionIndex: 'idx-1', contextClass: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' },
};
const context = { channel: 'json' as const, clientIp: '10.0.0.9', userAgent: 'Browser/1', requestId: 'req-1' };

describe('MintAudit (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let audit: AuditService;
  const rowOf = (id: number) => dataSource.getRepository(MagicLinkAudit).findOneByOrFail({ id });
  const onlyRow = async () => {
    const rows = await dataSource.getRepository(MagicLinkAudit).find();
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  beforeEach(async () => {
    dataSource = await migratedMemoryDataSource([MagicLinkAudit]);
    audit = new AuditService(dataSource.getRepository(MagicLinkAudit));
  });
  afterEach(() => dataSource.destroy());

  it('writes a request that ended before any mint as one completed row with who, how and no calls', async () => {
    await new MintAudit(audit, context, person).endedBeforeMint({
      userId: 'ada',
      outcome: 'denied',
      errorCode: 'NO_PORTAL_ACCESS',
      nomosRequestId: 'nomos-7',
    });
    expect(await onlyRow()).toMatchObject({
      userId: 'ada',
      outcome: 'denied',
      errorCode: 'NO_PORTAL_ACCESS',
      nomosRequestId: 'nomos-7',
      mintAttempts: 0,
      durationMs: 0,
      channel: 'json',
      clientIp: '10.0.0.9',
      userAgent: 'Browser/1',
      requestId: 'req-1',
      issuer: 'https://idp.example',
      userName: 'ada@corp.example',
      sessionIndex: 'idx-1',
      authnContext: person.authn?.contextClass,
    });
  });

  it("records a host's own call as the service channel, and a person that is not an object as no one", async () => {
    await new MintAudit(audit, {}, 'ada' as unknown as MintAuditPerson).endedBeforeMint({
      userId: null,
      outcome: 'failed',
      errorCode: 'INVALID_USER',
    });
    expect(await onlyRow()).toMatchObject({ channel: 'service', issuer: null, userName: null, sessionIndex: null });
  });

  it('audits an unreadable mapping as DATABASE_UNAVAILABLE, and says nothing when the audit is down too', async () => {
    await new MintAudit(audit, context, person).storeFailure('ada');
    expect(await onlyRow()).toMatchObject({ userId: 'ada', outcome: 'failed', errorCode: 'DATABASE_UNAVAILABLE' });
    await dataSource.query('DROP TABLE "nomos_magic_link_audit"');
    await expect(new MintAudit(audit, context, person).storeFailure('ada')).resolves.toBeUndefined();
  });

  it('begins pending with the first call counted, writes each later one, completes with the calls sent', async () => {
    const pending = await new MintAudit(audit, context, person).begin('ada', 'cus_1');
    expect(await rowOf(pending.id)).toMatchObject({
      outcome: 'pending',
      mintAttempts: 1,
      customerId: 'cus_1',
      userId: 'ada',
      issuer: 'https://idp.example',
      channel: 'json',
    });
    await pending.recordAttempt();
    expect((await rowOf(pending.id)).mintAttempts).toBe(1);
    await pending.recordAttempt();
    await pending.recordAttempt();
    expect((await rowOf(pending.id)).mintAttempts).toBe(3);
    pending.countAttempt();
    pending.countAttempt();
    await sleep(40);
    await pending.finish({ outcome: 'failed', errorCode: 'NOMOS_ERROR' });
    const row = await rowOf(pending.id);
    expect(row).toMatchObject({ outcome: 'failed', errorCode: 'NOMOS_ERROR', mintAttempts: 2 });
    expect(row.durationMs).toBeGreaterThanOrEqual(35);
    expect(Number.isInteger(row.durationMs)).toBe(true);
    expect(pending.countWriteFailed).toBe(false);
  });

  it('holds a call back when its count cannot be written, and says so', async () => {
    const pending = await new MintAudit(audit, context, person).begin('ada', 'cus_1');
    await pending.recordAttempt();
    expect(pending.countWriteFailed).toBe(false);
    await dataSource.query('DROP TABLE "nomos_magic_link_audit"');
    await expect(pending.recordAttempt()).rejects.toBeInstanceOf(AuditWriteError);
    expect(pending.countWriteFailed).toBe(true);
  });

  it('turns an issued row abandoned', async () => {
    const pending = await new MintAudit(audit, context, person).begin('ada', 'cus_1');
    await pending.finish({ outcome: 'issued', linkFingerprint: 'f'.repeat(64), linkHost: 'a.customerportal.energy' });
    await pending.abandon();
    expect((await rowOf(pending.id)).outcome).toBe('abandoned');
  });
});
