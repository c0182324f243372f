import { DataSource } from 'typeorm';
import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { encodeAuditCursor } from './audit-cursor.js';
import { InvalidAuditQueryError } from './audit.errors.js';
import { AuditService } from './audit.service.js';
import type { AuditQuery } from './audit.types.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

describe('AuditService.query (SQLite, migrated schema)', () => {
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

  const ids = (rows: MagicLinkAudit[]) => rows.map((r) => r.id);
  const denied = (userId: string, customerId: string) =>
    audit.record({
      userId,
      customerId,
      channel: 'redirect',
      outcome: 'denied',
      errorCode: 'X',
      mintAttempts: 0,
      durationMs: 0,
    });

  it('filters by user, customer and outcome, newest first', async () => {
    const a1 = await denied('alice', 'cus_A');
    const b1 = await audit.begin({ userId: 'bob', customerId: 'cus_B', channel: 'json' });
    const a2 = await audit.begin({ userId: 'alice', customerId: 'cus_A', channel: 'json' });
    await audit.complete(a2.id, { outcome: 'issued', mintAttempts: 1, durationMs: 5 });
    const h = await denied('hugo', 'cus_A');

    expect(ids((await audit.query()).items)).toEqual([h.id, a2.id, b1.id, a1.id]);
    expect(ids((await audit.query({ userId: 'alice' })).items)).toEqual([a2.id, a1.id]);
    expect(ids((await audit.query({ customerId: 'cus_A' })).items)).toEqual([h.id, a2.id, a1.id]);
    expect(ids((await audit.query({ outcome: 'pending' })).items)).toEqual([b1.id]);
    expect(ids((await audit.query({ customerId: 'cus_A', outcome: 'denied', userId: 'hugo' })).items)).toEqual([h.id]);
    expect((await audit.query({ userId: 'nobody' })).items).toEqual([]);
  });

  it('filters on created_at with an inclusive from and an exclusive to', async () => {
    const rows = [];
    for (const at of ['2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.001Z', '2030-01-02T00:00:00.000Z']) {
      const row = await denied('u', 'cus_T');
      await repo.update({ id: row.id }, { createdAt: new Date(at) });
      rows.push(row);
    }
    const between = (from?: string, to?: string) =>
      audit
        .query({ from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined })
        .then((p) => ids(p.items));
    expect(await between('2030-01-01T00:00:00.001Z')).toEqual([rows[2].id, rows[1].id]);
    expect(await between(undefined, '2030-01-01T00:00:00.001Z')).toEqual([rows[0].id]);
    expect(await between('2030-01-01T00:00:00.000Z', '2030-01-02T00:00:00.000Z')).toEqual([rows[1].id, rows[0].id]);
  });

  it('pages through every row exactly once while new rows keep arriving', async () => {
    const original: number[] = [];
    for (let i = 0; i < 25; i++) original.push((await denied(`user${i % 3}`, 'cus_P')).id);
    const seen: number[] = [];
    const sizes: number[] = [];
    let after: string | undefined;
    do {
      const page = await audit.query({ limit: 7, after, customerId: 'cus_P' });
      seen.push(...ids(page.items));
      sizes.push(page.items.length);
      after = page.next;
      for (let i = 0; i < 3; i++) await denied('late', 'cus_P'); // inserted between page fetches
    } while (after);
    expect(sizes).toEqual([7, 7, 7, 4]);
    expect(seen).toEqual([...original].reverse());
  });

  it('returns no cursor when the last page is exactly full', async () => {
    for (let i = 0; i < 4; i++) await denied('u', 'cus_F');
    const first = await audit.query({ limit: 2 });
    const second = await audit.query({ limit: 2, after: first.next });
    expect(second.items).toHaveLength(2);
    expect(second.next).toBeUndefined();
  });

  it('pages 50 rows by default and never more than 500', async () => {
    const rows = Array.from({ length: 520 }, () =>
      repo.create({ createdAt: new Date(), outcome: 'pending', channel: 'service' }),
    );
    for (let i = 0; i < rows.length; i += 100) await repo.insert(rows.slice(i, i + 100));
    expect((await audit.query()).items).toHaveLength(50);
    const big = await audit.query({ limit: 10_000 });
    expect(big.items).toHaveLength(500);
    expect((await audit.query({ after: big.next })).items).toHaveLength(20);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['empty', ''],
    ['wrong version', Buffer.from('v2:5').toString('base64url')],
    ['zero id', Buffer.from('v1:0').toString('base64url')],
    ['unsafe id', Buffer.from('v1:9999999999999999').toString('base64url')],
    ['a bare number', '42'],
  ])('rejects a malformed cursor (%s)', async (_case, after) => {
    const error = await audit.query({ after }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAuditQueryError);
    expect(error).toMatchObject({ field: 'after' });
  });

  it('emits opaque cursors rather than raw ids', () => {
    expect(encodeAuditCursor(42)).not.toContain('42');
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 2.5 }],
    ['outcome', { outcome: 'lost' }],
    ['from', { from: new Date('nope') }],
    ['to', { to: '2030-01-01' }],
    ['from', { from: new Date('2030-01-02'), to: new Date('2030-01-01') }],
    ['userId', { userId: '' }],
  ])('rejects a bad %s filter with a clear error', async (field, filter) => {
    await expect(audit.query(filter as AuditQuery)).rejects.toMatchObject({ name: 'InvalidAuditQueryError', field });
  });
});
