import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuiltCli, scratchDir, writeDataSourceFile } from './cli-process.js';

describe('nomos-portal: the data-source file and the command line', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  const file = async (name: string, text: string) => {
    const path = join(scratch.dir, name);
    await writeFile(path, text);
    return path;
  };
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch?.remove());

  it('documents the commands and exit codes in --help; an unknown command is a usage error (exit 2)', async () => {
    const [help, unknown] = await Promise.all([runBuiltCli(['--help']), runBuiltCli(['relink'])]);
    expect(help.code).toBe(0);
    for (const command of ['link', 'unlink', 'import', 'export', 'audit', 'doctor']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(help.stdout).toMatch(
      /Exit codes:\n {2}0 {2}done.*\n {2}1 {2}a check.*\n {2}2 {2}usage or configuration error/,
    );
    expect(unknown).toMatchObject({ code: 2, stderr: /unknown command 'relink'/ });
  });

  it('says how to name the data source when none is given, and reads NOMOS_PORTAL_DATA_SOURCE', async () => {
    const none = await runBuiltCli(['unlink', 'https://idp.example', 'subj']);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toBe(
      'nomos-portal: no --data-source file: pass --data-source <file> or set NOMOS_PORTAL_DATA_SOURCE\n',
    );
    const missing = await runBuiltCli(['unlink', 'https://idp.example', 'subj'], {
      env: { NOMOS_PORTAL_DATA_SOURCE: join(scratch.dir, 'nowhere.mjs') },
    });
    expect(missing).toMatchObject({
      code: 2,
      stderr: /^nomos-portal: --data-source ".*nowhere\.mjs" does not exist\n$/,
    });
  });

  it('refuses a file that exports no DataSource, two of them, or does not load, with one clear line', async () => {
    const sqlite = { type: 'better-sqlite3' as const, database: join(scratch.dir, 'x.sqlite') };
    const good = await writeDataSourceFile(scratch.dir, sqlite);
    const cases: Array<[string, RegExp]> = [
      [
        await file('none.mjs', 'export const answer = 42;\n'),
        /exports no TypeORM DataSource: export default new DataSource/,
      ],
      [
        await file(
          'two.mjs',
          `import one from ${JSON.stringify(good)};\nexport { one };\n` +
            'export const two = new one.constructor(one.options);\n',
        ),
        /exports 2 DataSources \(one, two\): export only one/,
      ],
      [await file('broken.mjs', 'export default new DataSource(;\n'), /could not be loaded: SyntaxError: /],
      [
        await file('throws.mjs', "throw new Error('host config refused\\nsecond line');\n"),
        /could not be loaded: Error: host config refused\n$/,
      ],
      [
        await file('host.ts', 'export default 1 as number;\n'),
        /cannot be loaded by Node as it is \(ERR_UNKNOWN_FILE_EXTENSION\)/,
      ],
    ];
    const runs = await Promise.all(cases.map(([path]) => runBuiltCli(['-d', path, 'unlink', 'https://idp', 'subj'])));
    runs.forEach((run, index) => {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(cases[index][1]);
    });
  });

  it('says plainly when the database cannot be reached (exit 2), without the connection string', async () => {
    const url = 'postgres://portal:do-not-print-me@127.0.0.1:1/portal';
    const unreachable = await writeDataSourceFile(scratch.dir, { type: 'postgres', url }, 'down.mjs');
    const run = await runBuiltCli(['-d', unreachable, 'link', 'https://idp', 'subj', 'cus_1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^nomos-portal: the database of --data-source cannot be reached \(Error: connect ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain('do-not-print-me');
  });
});
