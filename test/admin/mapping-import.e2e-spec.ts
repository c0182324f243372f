// Issue 12 item 1: the CSV import core (importMappings) on a real database, through CustomerLinkService.
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { ImportSummary } from '../../src/admin/index.js';
import { importMappings } from '../../src/admin/index.js';
import { CustomerLink, CustomerLinkEvent, CustomerLinkService, nomosPortalEntities } from '../../src/index.js';
import type { TestDataSource } from '../support/databases.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import { chunked, csv, customer, subject } from './import-fixtures.js';

const ISSUER = 'https://idp.corp.example/entity';

describeEachDb('admin: CSV import of the mapping', (kind) => {
  let t: TestDataSource;
  let links: CustomerLinkService;
  const target = () => ({ dataSource: t.dataSource, issuer: ISSUER });
  const run = (text: string, options: Parameters<typeof importMappings>[2] = {}) =>
    importMappings(chunked(text), target(), options);
  const historyCount = () => t.dataSource.getRepository(CustomerLinkEvent).count();
  const linkOf = (userId: string) => t.dataSource.getRepository(CustomerLink).findOneBy({ issuer: ISSUER, userId });

  beforeAll(async () => {
    t = await openTestDataSource(kind, { entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    links = new CustomerLinkService(t.dataSource.getRepository(CustomerLink), { issuer: ISSUER });
  });
  afterAll(() => t?.close());

  it('links every row with a history row by the importing actor; a re-import changes nothing', async () => {
    const [a, b] = [subject(), subject()];
    const [ca, cb] = [customer(), customer()];
    const file = csv('subject,customer_id', `${a},${ca}`, `${b},${cb}`);
    const before = await historyCount();
    const first = await run(file, { actor: { type: 'admin', id: 'admin-1' }, channel: 'admin-api' });
    expect(first).toMatchObject({ read: 2, linked: 2, relinked: 0, unchanged: 0, skipped: 0, applied: true });
    expect(await linkOf(a)).toMatchObject({ customerId: ca, source: 'import', createdBy: 'admin-1' });
    const history = (await links.history({ person: a })).items;
    expect(history).toEqual([
      expect.objectContaining({ action: 'link', newCustomerId: ca, actorType: 'admin', actorId: 'admin-1' }),
    ]);
    expect(history[0].channel).toBe('admin-api');
    const again = await run(file);
    expect(again).toMatchObject({ read: 2, linked: 0, relinked: 0, unchanged: 2, applied: true });
    expect(await historyCount()).toBe(before + 2);
  });

  it('moves a person to the customer of the file (relink), with an import history row', async () => {
    const a = subject();
    const [old, moved] = [customer(), customer()];
    await links.link({ issuer: ISSUER, subject: a }, old);
    const summary = await run(csv('issuer,subject,customer_id', `${ISSUER},${a},${moved}`));
    expect(summary).toMatchObject({ relinked: 1, linked: 0 });
    expect((await linkOf(a))?.customerId).toBe(moved);
    const last = (await links.history({ person: { issuer: ISSUER, subject: a } })).items.at(-1);
    expect(last).toMatchObject({ action: 'relink', oldCustomerId: old, newCustomerId: moved, actorType: 'import' });
  });

  it('reports malformed rows with their line numbers and, all-or-nothing, writes nothing', async () => {
    const [a, b] = [subject(), subject()];
    const before = await historyCount();
    // LF here: csv-parse counts a CRLF inside quotes as two lines (README: line numbers).
    const file = [
      'subject,customer_id',
      `${a},${customer()}`,
      `${b},not a customer id!`,
      '"quoted, with a',
      'line break",cus_ok',
      `${subject()},${customer()},extra`,
      `,${customer()}`,
    ].join('\n');
    const summary = await run(file);
    expect(summary.applied).toBe(false);
    expect(summary.errors).toEqual([
      { line: 3, reason: expect.stringContaining('customerId may contain only') },
      { line: 5, reason: expect.stringContaining('control characters') }, // the line the record ends on
      { line: 6, reason: 'the row has 3 fields where the header has 2' },
      { line: 7, reason: 'the row has neither a subject nor an email' },
    ]);
    expect(summary).toMatchObject({ read: 5, linked: 1, skipped: 4, errorCount: 4, errorsTruncated: false });
    expect(await linkOf(a)).toBeNull();
    expect(await historyCount()).toBe(before);
  });

  it('report-and-skip writes the good rows and lists the bad ones', async () => {
    const [a, b] = [subject(), subject()];
    const ca = customer();
    const summary = await run(csv('subject,customer_id', `${a},${ca}`, `${b},bad id`), { mode: 'report-and-skip' });
    expect(summary).toMatchObject({ applied: true, linked: 1, skipped: 1, errors: [{ line: 3 }] });
    expect((await linkOf(a))?.customerId).toBe(ca);
    expect(await linkOf(b)).toBeNull();
  });

  it('a dry run compares every row and changes nothing', async () => {
    const [a, b] = [subject(), subject()];
    const [ca, cb] = [customer(), customer()];
    await links.link({ issuer: ISSUER, subject: a }, ca);
    const before = await historyCount();
    for (const mode of ['all-or-nothing', 'report-and-skip'] as const) {
      const summary = await run(csv('subject,customer_id', `${a},${cb}`, `${b},${cb}`, `${a},${ca}`), {
        dryRun: true,
        mode,
      });
      expect(summary).toMatchObject({ dryRun: true, applied: false, read: 3, linked: 1, relinked: 1, unchanged: 1 });
    }
    expect(await historyCount()).toBe(before);
    expect((await linkOf(a))?.customerId).toBe(ca);
    expect(await linkOf(b)).toBeNull();
  });

  it('finds an email row by the one mapping with that user name, and refuses an unknown email', async () => {
    const a = subject();
    const [old, moved] = [customer(), customer()];
    await links.link({ issuer: ISSUER, subject: a }, old, { userName: `${a}@Corp.Example` });
    const summary = await run(
      csv('email,customer_id', `${a.toUpperCase()}@corp.example,${moved}`, `nobody-${a}@corp.example,${moved}`),
      {
        mode: 'report-and-skip',
      },
    );
    expect(summary).toMatchObject({ relinked: 1, skipped: 1 });
    expect(summary.errors).toEqual([{ line: 3, reason: 'no single known person has this email' }]);
    expect((await linkOf(a))?.customerId).toBe(moved);
  });

  it('refuses a file that is not CSV, or has no usable header, as a whole (line named, nothing written)', async () => {
    const a = subject();
    const broken = await run(csv('subject,customer_id', `${a},${customer()}`, `"${subject()}"x,${customer()}`));
    expect(broken).toMatchObject({ applied: false, fatal: { line: 3, reason: expect.stringContaining('CSV_') } });
    expect(await linkOf(a)).toBeNull();
    const header = await run(csv('name,customer', `${a},${customer()}`));
    expect(header.fatal).toEqual({ line: 1, reason: expect.stringContaining('subject') });
    expect((await run('')).fatal).toEqual({ line: 1, reason: 'the file is empty: it needs a header row' });
  });

  it('caps the listed errors, counts them all, and reports progress', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => (i % 2 ? `${subject()},bad id` : `${subject()},${customer()}`));
    const seen: number[] = [];
    const summary: ImportSummary = await run(csv('subject,customer_id', ...rows), {
      dryRun: true,
      maxErrors: 10,
      progressEvery: 100,
      onProgress: (p) => seen.push(p.read),
    });
    expect(summary).toMatchObject({ read: 250, skipped: 125, errorCount: 125, errorsTruncated: true });
    expect(summary.errors).toHaveLength(10);
    expect(seen).toEqual([100, 200, 250]);
  });
});
