import { DataSource, QueryFailedError } from 'typeorm';
import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditWriteError } from './audit.errors.js';
import { AuditService } from './audit.service.js';
import type { AuditCompletion } from './audit.types.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

const FINGERPRINT = 'a'.repeat(64);
const issued: AuditCompletion = {
  outcome: 'issued',
  nomosRequestId: 'req_nomos_1',
  linkFingerprint: FINGERPRINT,
  linkHost: 'acme.customerportal.energy',
  mintAttempts: 2,
  durationMs: 41.6,
};

describe('AuditService writes (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let repo: Repository<MagicLinkAudit>;
  let audit: AuditService;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [MagicLinkAudit],
      migrations: nomosPortalMigrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    repo = dataSource.getRepository(MagicLinkAudit);
    audit = new AuditService(repo);
  });
  afterEach(() => dataSource.destroy());

  it('begins a pending row with what is known so far', async () => {
    const row = await audit.begin({
      userId: 'alice',
      customerId: 'cus_A',
      channel: 'redirect',
      clientIp: '10.0.0.1',
      requestId: 'r-1',
    });
    const stored = await repo.findOneByOrFail({ id: row.id });
    expect(stored).toMatchObject({
      outcome: 'pending',
      userId: 'alice',
      customerId: 'cus_A',
      channel: 'redirect',
      clientIp: '10.0.0.1',
      requestId: 'r-1',
      mintAttempts: 0,
      completedAt: null,
      linkFingerprint: null,
      linkHost: null,
      durationMs: null,
    });
    expect(stored.createdAt.getTime()).toBe(row.createdAt.getTime());
  });

  it('truncates the user agent to 512 characters and other free text to its column', async () => {
    const row = await audit.begin({
      channel: 'json',
      userAgent: `Mozilla\0/${'x'.repeat(600)}`,
      requestId: 'r'.repeat(300),
    });
    const stored = await repo.findOneByOrFail({ id: row.id });
    expect(stored.userAgent).toHaveLength(512);
    expect(stored.userAgent!.startsWith('Mozilla/x')).toBe(true);
    expect(stored.requestId).toHaveLength(128);
  });

  it('completes a pending row exactly once', async () => {
    const row = await audit.begin({ userId: 'bob', channel: 'json' });
    await audit.complete(row.id, issued);
    const done = await repo.findOneByOrFail({ id: row.id });
    expect(done).toMatchObject({
      outcome: 'issued',
      nomosRequestId: 'req_nomos_1',
      linkFingerprint: FINGERPRINT,
      linkHost: 'acme.customerportal.energy',
      mintAttempts: 2,
      durationMs: 42,
      errorCode: null,
    });
    expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(done.createdAt.getTime());

    await expect(
      audit.complete(row.id, { outcome: 'failed', errorCode: 'LATE', mintAttempts: 9, durationMs: 1 }),
    ).rejects.toBeInstanceOf(AuditWriteError);
    expect(await repo.findOneByOrFail({ id: row.id })).toEqual(done);
  });

  it('refuses to complete an unknown row', async () => {
    await expect(audit.complete(12345, issued)).rejects.toThrow(AuditWriteError);
    expect(await repo.count()).toBe(0);
  });

  it.each([
    ['an id that is not a positive integer', 0, {}],
    ['a pending outcome', 1, { outcome: 'pending' }],
    ['negative attempts', 1, { mintAttempts: -1 }],
    ['fractional attempts', 1, { mintAttempts: 1.5 }],
    ['a non-hex fingerprint', 1, { linkFingerprint: 'Z'.repeat(64) }],
    ['a whole link as host', 1, { linkHost: 'https://acme.customerportal.energy/login?token_hash=abc' }],
    ['a host with a path', 1, { linkHost: 'acme.customerportal.energy/t/abc' }],
  ])('refuses a completion with %s and leaves the row pending', async (_case, id, change) => {
    const row = await audit.begin({ channel: 'service' });
    const error = await audit.complete(id, { ...issued, ...change } as AuditCompletion).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditWriteError);
    expect((error as Error).message).not.toContain('token_hash');
    expect((await repo.findOneByOrFail({ id: row.id })).outcome).toBe('pending');
  });

  it('refuses an unknown channel without writing', async () => {
    await expect(audit.begin({ channel: 'email' as never })).rejects.toBeInstanceOf(AuditWriteError);
    await expect(audit.record({ ...issued, channel: undefined as never })).rejects.toBeInstanceOf(AuditWriteError);
    expect(await repo.count()).toBe(0);
  });

  it('abandon() turns an issued row into abandoned once, and nothing else', async () => {
    const row = await audit.begin({ userId: 'erin', channel: 'redirect' });
    await expect(audit.abandon(row.id)).rejects.toBeInstanceOf(AuditWriteError); // still pending
    await audit.complete(row.id, issued);
    await audit.abandon(row.id);
    expect(await repo.findOneByOrFail({ id: row.id })).toMatchObject({
      outcome: 'abandoned',
      linkFingerprint: FINGERPRINT,
      mintAttempts: 2,
    });
    await expect(audit.abandon(row.id)).rejects.toBeInstanceOf(AuditWriteError); // once only
    await expect(audit.abandon(0)).rejects.toBeInstanceOf(AuditWriteError);
    const failed = await audit.begin({ channel: 'json' });
    await audit.complete(failed.id, { outcome: 'failed', errorCode: 'X', mintAttempts: 1, durationMs: 1 });
    await expect(audit.abandon(failed.id)).rejects.toBeInstanceOf(AuditWriteError);
    expect((await repo.findOneByOrFail({ id: failed.id })).outcome).toBe('failed');
  });

  it('completes a row as abandoned directly, and finds it by that outcome', async () => {
    const row = await audit.begin({ channel: 'redirect' });
    await audit.complete(row.id, { ...issued, outcome: 'abandoned' });
    expect((await audit.query({ outcome: 'abandoned' })).items.map((r) => r.id)).toEqual([row.id]);
  });

  it('records a completed row in one write', async () => {
    const row = await audit.record({
      userId: 'carol',
      channel: 'redirect',
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      mintAttempts: 0,
      durationMs: 0,
    });
    const stored = await repo.findOneByOrFail({ id: row.id });
    expect(stored).toMatchObject({
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      userId: 'carol',
      mintAttempts: 0,
      linkFingerprint: null,
    });
    expect(stored.completedAt!.getTime()).toBe(stored.createdAt.getTime());
  });

  it('turns database failures into AuditWriteError without row data in the message', async () => {
    await dataSource.query('DROP TABLE "nomos_magic_link_audit"');
    for (const attempt of [
      () => audit.begin({ userId: 'secret-user@example.com', channel: 'json' }),
      () => audit.record({ userId: 'secret-user@example.com', channel: 'json', ...issued }),
      () => audit.complete(1, issued),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditWriteError);
      expect((error as Error).message).not.toMatch(/secret-user|customerportal|aaaa/);
      expect((error as Error).cause).toBeInstanceOf(QueryFailedError);
    }
  });
});
