import { DataSource } from 'typeorm';
import type { Logger, Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { staleFirstRead } from '../../test/support/stale-link-read.js';
import { CustomerLinkEvent } from './customer-link-event.entity.js';
import { CustomerLink } from './customer-link.entity.js';
import { CustomerLinkConflictError, CustomerLinkStoreError, InvalidCustomerLinkError } from './customer-link.errors.js';
import { CustomerLinkService, type LinkCustomerOptions } from './customer-link.service.js';

/** Counts failed queries, to prove the race below really hit the unique index. */
class QueryErrorCounter implements Logger {
  uniqueViolations = 0;
  logQueryError(error: string | Error): void {
    if (String(error instanceof Error ? error.message : error).includes('UNIQUE')) this.uniqueViolations++;
  }
  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const ISSUER = 'https://idp.example/entity';

describe('CustomerLinkService (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let repo: Repository<CustomerLink>;
  let service: CustomerLinkService;
  const errors = new QueryErrorCounter();

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [CustomerLink, CustomerLinkEvent],
      migrations: nomosPortalMigrations,
      logger: errors,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    repo = dataSource.getRepository(CustomerLink);
    service = new CustomerLinkService(repo, { issuer: ISSUER });
    errors.uniqueViolations = 0;
  });
  afterEach(() => dataSource.destroy());

  it('links a user with defaults and finds the link again', async () => {
    const before = Date.now();
    const link = await service.link('alice@example.com', 'cus_A1');
    expect(link).toMatchObject({
      userId: 'alice@example.com',
      customerId: 'cus_A1',
      source: 'manual',
      createdBy: null,
    });
    expect(link.id).toEqual(expect.any(Number));
    expect(link.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(await service.findByUser('alice@example.com')).toEqual(link);
  });

  it('stores source and createdBy, and round-trips createdAt to the millisecond', async () => {
    const link = await service.link('bob', 'cus_B', { source: 'import', createdBy: 'import-job-7' });
    const stored = await repo.findOneByOrFail({ id: link.id });
    expect(stored).toMatchObject({ source: 'import', createdBy: 'import-job-7' });
    expect(stored.createdAt.getTime()).toBe(link.createdAt.getTime());
  });

  it('is idempotent for the same pair and keeps the original link', async () => {
    const first = await service.link('carol', 'cus_C', { source: 'webhook' });
    const again = await service.link('carol', 'cus_C', { source: 'manual', createdBy: 'admin' });
    expect(again).toEqual(first);
    expect(await repo.count()).toBe(1);
  });

  it('refuses to move a linked user to another customer', async () => {
    await service.link('dave', 'cus_D');
    const error = await service.link('dave', 'cus_OTHER').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerLinkConflictError);
    expect(error).toMatchObject({ userId: 'dave', existingCustomerId: 'cus_D' });
    expect((error as Error).message).not.toContain('cus_');
    expect((await service.findByUser('dave'))?.customerId).toBe('cus_D');
  });

  it('lets exactly one of 20 concurrent links for one user win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => service.link('erin', `cus_E${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof CustomerLinkConflictError)).toBe(true);
    // SQLite's one connection serialises the changes in-process; the unique index still decides
    // between processes (the stale-read case below) and on PostgreSQL (test/persistence).
    const history = await dataSource.getRepository(CustomerLinkEvent).findBy({ userId: 'erin' });
    expect(history.map((e) => [e.action, e.newCustomerId])).toEqual([['link', won[0].value.customerId]]);
    const rows = await repo.find();
    expect(rows).toHaveLength(1);
    expect(rows[0].customerId).toBe(won[0].value.customerId);
  });

  it('returns the same link to 20 concurrent calls for the same pair', async () => {
    const links = await Promise.all(Array.from({ length: 20 }, () => service.link('frank', 'cus_F')));
    expect(new Set(links.map((l) => l.id)).size).toBe(1);
    expect(await repo.count()).toBe(1);
  });

  it('resolves a stale read (another replica linked first) through the unique index', async () => {
    await service.link('gina', 'cus_G');
    // A repository whose first look-up is stale, as if the other replica committed just after it.
    const view = staleFirstRead(repo);
    const racing = new CustomerLinkService(view.repo, { issuer: ISSUER });
    await expect(racing.link('gina', 'cus_OTHER')).rejects.toBeInstanceOf(CustomerLinkConflictError);
    view.stale();
    await expect(racing.link('gina', 'cus_G')).resolves.toMatchObject({ customerId: 'cus_G' });
    expect(errors.uniqueViolations).toBe(2);
  });

  it.each([
    ['userId', 'empty', '', 'cus_1', {}],
    ['userId', 'blank', '   ', 'cus_1', {}],
    ['userId', '256 characters', 'u'.repeat(256), 'cus_1', {}],
    ['userId', 'missing', undefined, 'cus_1', {}],
    ['userId', 'with a NUL', 'alice\0admin', 'cus_1', {}],
    ['userId', 'with CR/LF', 'alice\r\nsigned in admin', 'cus_1', {}],
    ['userId', 'with a tab', 'alice\tb', 'cus_1', {}],
    ['userId', 'with DEL', 'alice\u007f', 'cus_1', {}],
    ['userId', 'with a C1 control (NEL)', 'alice\u0085', 'cus_1', {}],
    ['userId', 'with a lone high surrogate', 'alice\ud800', 'cus_1', {}],
    ['userId', 'with a lone low surrogate', '\udc00alice', 'cus_1', {}],
    ['customerId', 'empty', 'user', '', {}],
    ['customerId', '65 characters', 'user', 'c'.repeat(65), {}],
    ['customerId', 'with a space', 'user', 'cus 1', {}],
    ['customerId', 'with slashes', 'user', 'cus/../1', {}],
    ['customerId', 'non-ASCII', 'user', 'cüs_1', {}],
    ['source', 'unknown', 'user', 'cus_1', { source: 'admin' }],
    ['createdBy', '256 characters', 'user', 'cus_1', { createdBy: 'x'.repeat(256) }],
  ])(
    'rejects a bad %s (%s) with a clear error and writes nothing',
    async (field, _case, userId, customerId, options) => {
      const error = await service
        .link(userId as string, customerId, options as LinkCustomerOptions)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidCustomerLinkError);
      expect(error).toMatchObject({ field });
      expect((error as Error).message).toMatch(new RegExp(`^${field} `));
      expect(await repo.count()).toBe(0);
    },
  );

  it('accepts the longest valid ids', async () => {
    const link = await service.link('u'.repeat(255), 'C'.repeat(64));
    expect((await service.findByUser('u'.repeat(255)))?.id).toBe(link.id);
  });

  it('accepts ids with non-ASCII letters and astral characters (surrogate pairs)', async () => {
    await service.link('zoë@corp.example', 'cus_Z');
    await service.link('user-😀', 'cus_E');
    expect((await service.findByUser('user-😀'))?.customerId).toBe('cus_E');
  });

  it('findByUser turns any database failure into CustomerLinkStoreError, with no id in the message', async () => {
    await dataSource.query('DROP TABLE "nomos_customer_links"');
    const dropped = await service.findByUser('secret-user@example.com').catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(CustomerLinkStoreError);
    expect(dropped).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect((dropped as Error).message).not.toContain('secret-user');
    expect((dropped as Error).cause).toBeDefined();
    await dataSource.destroy();
    await expect(service.findByUser('secret-user@example.com')).rejects.toBeInstanceOf(CustomerLinkStoreError);
    await dataSource.initialize(); // for afterEach
  });

  it('validates before touching the database', async () => {
    await dataSource.destroy(); // any query would now fail with a connection error instead
    await expect(service.link('', 'cus_1')).rejects.toBeInstanceOf(InvalidCustomerLinkError);
    await expect(service.unlink('')).rejects.toBeInstanceOf(InvalidCustomerLinkError);
    await expect(service.findByUser('x'.repeat(300))).rejects.toBeInstanceOf(InvalidCustomerLinkError);
    await expect(service.findByCustomer('bad id')).rejects.toBeInstanceOf(InvalidCustomerLinkError);
    await dataSource.initialize(); // for afterEach
  });

  it('unlinks once, then reports nothing to unlink, and allows a new link', async () => {
    await service.link('hank', 'cus_H');
    expect(await service.unlink('hank')).toBe(true);
    expect(await service.findByUser('hank')).toBeNull();
    expect(await service.unlink('hank')).toBe(false);
    await expect(service.link('hank', 'cus_H2')).resolves.toMatchObject({ customerId: 'cus_H2' });
  });

  it('finds every user of a shared household customer, oldest first', async () => {
    const a = await service.link('ida', 'cus_HOUSE');
    await service.link('jon', 'cus_ELSEWHERE');
    const b = await service.link('kim', 'cus_HOUSE');
    expect((await service.findByCustomer('cus_HOUSE')).map((l) => l.id)).toEqual([a.id, b.id]);
    expect(await service.findByCustomer('cus_NOBODY')).toEqual([]);
    expect(await service.findByUser('nobody')).toBeNull();
  });
});
