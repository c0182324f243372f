import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditService, CustomerLink, CustomerLinkEvent, MagicLinkAudit, nomosPortalEntities } from '../../src/index.js';
import { describeEachDb, openTestDataSource, type TestDataSource } from '../support/databases.js';
import { runBuiltCli, scratchDir, writeDataSourceFile } from './cli-process.js';

const IDP = 'https://idp.corp.example/entity';

describeEachDb('nomos-portal link, unlink and export', (kind) => {
  let db: TestDataSource;
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  let dataSourceFile: string;
  const cli = (...args: string[]) => runBuiltCli(['--data-source', dataSourceFile, ...args]);

  beforeAll(async () => {
    db = await openTestDataSource(kind, { entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    scratch = await scratchDir();
    dataSourceFile = await writeDataSourceFile(scratch.dir, db.db.options);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.remove();
  });

  it('links a person, records it in the link history as the CLI, and says so', async () => {
    const run = await cli('link', IDP, 'subj-alice', 'cus_alice');
    expect(run).toMatchObject({ code: 0, stdout: `linked: ${IDP} subj-alice → cus_alice\n` });

    const link = await db.dataSource.getRepository(CustomerLink).findOneByOrFail({ issuer: IDP, userId: 'subj-alice' });
    expect(link).toMatchObject({ customerId: 'cus_alice', status: 'active', source: 'manual', createdBy: 'cli' });
    const history = await db.dataSource.getRepository(CustomerLinkEvent).findBy({ userId: 'subj-alice' });
    expect(history.map((event) => [event.action, event.actorType, event.actorId, event.channel])).toEqual([
      ['link', 'admin', 'cli', 'cli'],
    ]);

    // The same link again changes nothing and still exits 0 (scripts re-run).
    expect(await cli('link', IDP, 'subj-alice', 'cus_alice')).toMatchObject({ code: 0, stdout: /^already linked/ });
    expect(await db.dataSource.getRepository(CustomerLinkEvent).countBy({ userId: 'subj-alice' })).toBe(1);
  });

  it('refuses a link to another customer (exit 1) and a malformed one (exit 2), changing nothing', async () => {
    await cli('link', IDP, 'subj-bob', 'cus_bob');
    const conflict = await cli('link', IDP, 'subj-bob', 'cus_other');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/already linked to a different Nomos customer.*\(linked to cus_bob now\)/);

    const malformed = await cli('link', IDP, ' ', 'cus_x');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^nomos-portal: userId: /);

    const links = await db.dataSource.getRepository(CustomerLink).findBy({ issuer: IDP });
    expect(links.map((link) => [link.userId, link.customerId]).sort()).toEqual([
      ['subj-alice', 'cus_alice'],
      ['subj-bob', 'cus_bob'],
    ]);
  });

  it('unlinks a person (history: unlink by the CLI); unlinking again is a no-op with exit 0', async () => {
    await cli('link', IDP, 'subj-carol', 'cus_carol');
    expect(await cli('unlink', IDP, 'subj-carol')).toMatchObject({ code: 0, stdout: `unlinked: ${IDP} subj-carol\n` });
    expect(await db.dataSource.getRepository(CustomerLink).findOneBy({ userId: 'subj-carol' })).toBeNull();
    const events = await db.dataSource.getRepository(CustomerLinkEvent).find({
      where: { userId: 'subj-carol' },
      order: { id: 'ASC' },
    });
    expect(events.map((event) => [event.action, event.oldCustomerId, event.actorId, event.channel])).toEqual([
      ['link', null, 'cli', 'cli'],
      ['unlink', 'cus_carol', 'cli', 'cli'],
    ]);
    expect(await cli('unlink', IDP, 'subj-carol')).toMatchObject({ code: 0, stdout: /^not linked, nothing to do/ });
  });

  it('exports the mappings as CSV and JSONL that parse back to the table', async () => {
    const rows = await db.dataSource.getRepository(CustomerLink).find({ order: { id: 'ASC' } });
    const expected = rows.map((row) => ({ issuer: row.issuer, user_id: row.userId, customer_id: row.customerId }));
    expect(expected.length).toBeGreaterThanOrEqual(2);

    const csv = await cli('export', 'mappings');
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe(`exported ${rows.length} mappings as csv to stdout\n`);
    const parsed = parse<Record<string, string>>(csv.stdout, { columns: true });
    expect(parsed.map(({ issuer, user_id, customer_id }) => ({ issuer, user_id, customer_id }))).toEqual(expected);
    expect(parsed[0].created_at).toBe(rows[0].createdAt.toISOString());

    const out = join(scratch.dir, 'mappings.jsonl');
    const jsonl = await cli('export', 'mappings', '--format', 'jsonl', '--out', out);
    expect(jsonl).toMatchObject({
      code: 0,
      stdout: '',
      stderr: `exported ${rows.length} mappings as jsonl to ${out}\n`,
    });
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(
      rows.map((row) =>
        expect.objectContaining({ user_id: row.userId, customer_id: row.customerId, status: row.status }),
      ),
    );
    // --out never overwrites: the second export is refused and the file is left as it was.
    const again = await cli('export', 'mappings', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    expect((await readFile(out, 'utf8')).split('\n')).toHaveLength(lines.length + 1);
  });

  it('exports the audit newest first as JSONL and CSV (fingerprints, no link), defusing free text in CSV', async () => {
    const audit = new AuditService(db.dataSource.getRepository(MagicLinkAudit));
    const fingerprint = 'a'.repeat(64);
    const common = { issuer: IDP, channel: 'redirect' as const, durationMs: 12 };
    await audit.record({
      ...common,
      userId: 'subj-alice',
      customerId: 'cus_alice',
      outcome: 'issued',
      mintAttempts: 1,
      linkFingerprint: fingerprint,
      linkHost: 'acme.customerportal.energy',
      userAgent: '=HYPERLINK("x")\nsecond line',
    });
    await audit.record({
      ...common,
      userId: 'subj-dan',
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      mintAttempts: 0,
    });

    const [jsonl, csv] = await Promise.all([cli('export', 'audit', '-f', 'jsonl'), cli('export', 'audit')]);
    expect(jsonl.code).toBe(0);
    const rows = jsonl.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => [row.userId, row.outcome, row.mintAttempts, row.linkFingerprint])).toEqual([
      ['subj-dan', 'denied', 0, null],
      ['subj-alice', 'issued', 1, fingerprint],
    ]);
    expect(rows[1].userAgent).toBe('=HYPERLINK("x")\nsecond line');

    // A newline inside a quoted cell is one row, not two: the count is of records.
    expect(csv).toMatchObject({ code: 0, stderr: 'exported 2 audit rows as csv to stdout\n' });
    const parsed = parse<Record<string, string>>(csv.stdout, { columns: true });
    expect(parsed.map((row) => [row.userId, row.outcome, row.errorCode])).toEqual([
      ['subj-dan', 'denied', 'CUSTOMER_NOT_LINKED'],
      ['subj-alice', 'issued', ''],
    ]);
    expect(parsed[1].userAgent).toBe(`'=HYPERLINK("x")\nsecond line`);
  });
});
