import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditService, AuditWriteError, MagicLinkAudit } from '../../src/audit/index.js';
import {
  CustomerLink,
  CustomerLinkConflictError,
  CustomerLinkEvent,
  CustomerLinkService,
} from '../../src/customer-links/index.js';
import { staleFirstRead } from '../support/stale-link-read.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

// The services' behaviour that depends on the engine (unique violations, affected-row counts,
// timestamp precision, concurrent connections), on every database kind.
describeEachDb('persistence services', (kind) => {
  let t: TestDataSource;
  let linkRepo: Repository<CustomerLink>;
  let links: CustomerLinkService;
  let audit: AuditService;

  beforeAll(async () => {
    t = await openTestDataSource(kind, {
      entities: [CustomerLink, CustomerLinkEvent, MagicLinkAudit],
      migrations: nomosPortalMigrations,
    });
    linkRepo = t.dataSource.getRepository(CustomerLink);
    links = new CustomerLinkService(linkRepo, { issuer: 'https://idp.example/persistence' });
    audit = new AuditService(t.dataSource.getRepository(MagicLinkAudit));
  });
  afterAll(() => t?.close());

  it('lets exactly one of 20 concurrent links for one user win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => links.link('race', `cus_R${i}`)));
    const won = results.filter((r): r is PromiseFulfilledResult<CustomerLink> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CustomerLinkConflictError);
    expect((await linkRepo.findBy({ userId: 'race' })).map((l) => l.customerId)).toEqual([won[0].value.customerId]);
  });

  it('gives 20 concurrent identical links the same row', async () => {
    const made = await Promise.all(Array.from({ length: 20 }, () => links.link('same', 'cus_S')));
    expect(new Set(made.map((l) => l.id)).size).toBe(1);
    expect(await linkRepo.countBy({ userId: 'same' })).toBe(1);
  });

  it('recognises this engine’s unique violation after a stale read', async () => {
    await links.link('stale', 'cus_ST');
    const view = staleFirstRead(linkRepo);
    const racing = new CustomerLinkService(view.repo, { issuer: 'https://idp.example/persistence' });
    await expect(racing.link('stale', 'cus_OTHER')).rejects.toBeInstanceOf(CustomerLinkConflictError);
  });

  it('round-trips createdAt to the millisecond and shares a customer between users', async () => {
    const a = await links.link('house-a', 'cus_HOUSE');
    const b = await links.link('house-b', 'cus_HOUSE');
    const found = await links.findByCustomer('cus_HOUSE');
    expect(found.map((l) => l.id)).toEqual([a.id, b.id]);
    expect(found[0].createdAt.getTime()).toBe(a.createdAt.getTime());
    expect(await links.unlink('house-a')).toBe(true);
    expect(await links.unlink('house-a')).toBe(false);
  });

  it('completes a row once even when 10 completions race', async () => {
    const row = await audit.begin({ userId: 'u', channel: 'json' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        audit.complete(row.id, { outcome: 'failed', errorCode: `E${i}`, mintAttempts: i, durationMs: i }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AuditWriteError);
    await expect(audit.complete(987654, { outcome: 'issued', mintAttempts: 1, durationMs: 1 })).rejects.toBeInstanceOf(
      AuditWriteError,
    );
  });

  it('stores oversize, NUL-bearing and astral free text without failing the write', async () => {
    const userAgent = `${'a'.repeat(511)}😀 and more`; // the emoji straddles the 512 limit
    const row = await audit.begin({
      channel: 'redirect',
      userAgent,
      requestId: `r\0${'x'.repeat(400)}`,
      clientIp: 'f'.repeat(100),
    });
    const stored = await t.dataSource.getRepository(MagicLinkAudit).findOneByOrFail({ id: row.id });
    expect(stored.userAgent).toBe('a'.repeat(511));
    expect(stored.requestId).toBe(`r${'x'.repeat(127)}`);
    expect(stored.clientIp).toHaveLength(64);
  });

  it('filters on created_at at millisecond precision', async () => {
    const row = await audit.begin({ customerId: 'cus_TIME', channel: 'service' });
    const at = row.createdAt.getTime();
    const q = (from: number, to: number) =>
      audit
        .query({ customerId: 'cus_TIME', from: new Date(from), to: new Date(to) })
        .then((p) => p.items.map((i) => i.id));
    expect(await q(at, at + 1)).toEqual([row.id]);
    expect(await q(at + 1, at + 2)).toEqual([]);
    expect(await q(at - 1, at)).toEqual([]);
  });

  it('pages every row exactly once while rows are inserted concurrently', async () => {
    const original: number[] = [];
    for (let i = 0; i < 30; i++) original.push((await audit.begin({ customerId: 'cus_PAGE', channel: 'service' })).id);
    const seen: number[] = [];
    let after: string | undefined;
    do {
      const [page] = await Promise.all([
        audit.query({ customerId: 'cus_PAGE', limit: 8, after }),
        ...Array.from({ length: 4 }, () => audit.begin({ customerId: 'cus_PAGE', channel: 'service' })),
      ]);
      if (after === undefined) expect(page.items[0].id).toBeGreaterThanOrEqual(original[29]);
      seen.push(...page.items.map((i) => i.id));
      after = page.next;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id <= original[29])).toEqual([...original].reverse());
  });
});
