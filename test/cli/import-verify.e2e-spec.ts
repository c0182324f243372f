import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditChainEntry, AuditService, CustomerLink, MagicLinkAudit, nomosPortalEntities } from '../../src/index.js';
import { AuditChainWriter } from '../../src/audit/audit-chain.writer.js';
import { describeEachDb, openTestDataSource, type TestDataSource } from '../support/databases.js';
import { runBuiltCli, scratchDir, writeDataSourceFile } from './cli-process.js';

const IDP = 'https://idp.corp.example/entity';

describeEachDb('nomos-portal import and audit verify', (kind) => {
  let db: TestDataSource;
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  let dataSourceFile: string;
  const cli = (...args: string[]) => runBuiltCli(['--data-source', dataSourceFile, ...args]);
  const csvFile = async (name: string, lines: string[]) => {
    const path = join(scratch.dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  };
  const links = () => db.dataSource.getRepository(CustomerLink).find({ order: { userId: 'ASC' } });

  beforeAll(async () => {
    db = await openTestDataSource(kind, { entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    scratch = await scratchDir();
    dataSourceFile = await writeDataSourceFile(scratch.dir, db.db.options);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.remove();
  });

  it('refuses a file with a bad row as a whole (all-or-nothing): line number, exit 1, nothing written', async () => {
    const file = await csvFile('bad.csv', [
      'subject,customer_id',
      'subj-1,cus_1',
      'subj-2,not a customer!',
      'subj-3,cus_3',
    ]);
    const run = await cli('import', file, '--issuer', IDP);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('(all-or-nothing): 3 rows read: 2 linked, 0 relinked, 0 unchanged, 1 rejected');
    expect(run.stdout).toContain('nothing written');
    expect(run.stdout).toMatch(/^line 3: customerId /m);
    expect(run.stdout).not.toContain('not a customer!');
    expect(await links()).toEqual([]);
  });

  it('report-and-skip writes the good rows; a dry run and a re-import change nothing', async () => {
    const file = await csvFile('skip.csv', [
      'subject,customer_id',
      'subj-1,cus_1',
      'subj-2,not a customer!',
      'subj-3,cus_3',
    ]);
    const dry = await cli('import', file, '--issuer', IDP, '--mode', 'report-and-skip', '--dry-run');
    expect(dry.stdout).toContain('2 linked, 0 relinked, 0 unchanged, 1 rejected; dry run: nothing written');
    expect(await links()).toEqual([]);

    const run = await cli('import', file, '--issuer', IDP, '--mode', 'report-and-skip');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/2 linked, 0 relinked, 0 unchanged, 1 rejected; written\nline 3: /);
    expect((await links()).map((link) => [link.issuer, link.userId, link.customerId])).toEqual([
      [IDP, 'subj-1', 'cus_1'],
      [IDP, 'subj-3', 'cus_3'],
    ]);

    const good = await csvFile('good.csv', [
      'issuer,subject,customer_id',
      `${IDP},subj-1,cus_1`,
      `${IDP},subj-3,cus_3`,
    ]);
    const again = await cli('import', good);
    // Every row names its issuer here; the CLI still says which one rows without would get.
    expect(again).toMatchObject({ code: 0, stderr: /taken at issuer 'app' \(see --issuer\)\n$/ });
    expect(again.stdout).toContain('2 rows read: 0 linked, 0 relinked, 2 unchanged, 0 rejected; written');
  });

  it('refuses an unreadable import file and an unknown mode before touching the database (exit 2)', async () => {
    const [missing, mode] = await Promise.all([
      cli('import', join(scratch.dir, 'absent.csv'), '--issuer', IDP),
      cli('import', join(scratch.dir, 'good.csv'), '--mode', 'sometimes'),
    ]);
    expect(missing).toMatchObject({ code: 2, stderr: /absent\.csv" is not a readable file/ });
    expect(mode).toMatchObject({ code: 2, stderr: /argument 'sometimes' is invalid/ });
  });

  it('audit verify passes on an untouched chain and names the first bad row after an edit (exit 1)', async () => {
    const rows = db.dataSource.getRepository(MagicLinkAudit);
    const audit = new AuditService(rows, new AuditChainWriter(rows, db.dataSource.getRepository(AuditChainEntry)));
    const ids: number[] = [];
    for (const userId of ['subj-1', 'subj-3', 'subj-4']) {
      const row = await audit.record({
        issuer: IDP,
        userId,
        channel: 'redirect',
        outcome: 'denied',
        mintAttempts: 0,
        durationMs: 1,
      });
      ids.push(row.id);
    }
    const sound = await cli('audit', 'verify');
    expect(sound.code).toBe(0);
    expect(sound.stdout).toMatch(/^audit verify: ok, 3 rows checked\nchain: anchor seq 0, head seq 3 /);

    await rows.update({ id: ids[1] }, { customerId: 'cus_someone_else' });
    const edited = await cli('audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(
      new RegExp(`^audit verify: FAILED at seq 2, audit row id ${ids[1]}: hash-mismatch: `),
    );
    expect(edited.stdout).not.toContain('cus_someone_else');

    const noKey = await cli('audit', 'verify', '--checkpoint', join(scratch.dir, 'good.csv'));
    expect(noKey).toMatchObject({ code: 2, stderr: /good\.csv holds no checkpoint/ });
  });
});
