import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { nomosPortalEntities } from '../../src/index.js';
import { devTls, NomosEmulator, testClientSecret, TestIdp } from '../../src/testing/index.js';
import { MetadataServer } from '../saml-metadata/metadata-server.js';
import { shortLivedKeyPair } from '../saml-metadata/short-lived-cert.js';
import { createTestDatabase, describeEachDb, openTestDataSource, type TestDataSource } from '../support/databases.js';
import { recordSecretsForRunner } from '../support/runner-ledger.js';
import { runBuiltCli, scratchDir, writeDataSourceFile, writeOptionsFile, type CliRun } from './cli-process.js';

const SP = { entityId: 'https://intranet.corp.example/saml', baseUrl: 'http://localhost:4400' };
const DAY = 86_400_000;

/** The report's line of one check, e.g. `fail  nomos-token  …`. */
const lineOf = (run: CliRun, check: string) =>
  run.stdout.split('\n').find((line) => new RegExp(`^(ok|warn|fail)\\s+${check}\\s`).test(line));

describeEachDb('nomos-portal doctor', (kind) => {
  const clientSecret = testClientSecret();
  const nomos = new NomosEmulator({ clientSecret });
  const idp = new TestIdp({ sp: { entityId: SP.entityId, acsUrl: `${SP.baseUrl}/auth/saml/acs` } });
  let db: TestDataSource;
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  let dataSourceFile: string;
  const options = (overrides: { nomos?: object; idp?: object; sp?: object } = {}) => ({
    nomos: { ...nomos.clientOptions(), ...overrides.nomos },
    saml: { idp: overrides.idp ?? { metadataXml: idp.metadataXml() }, sp: { ...SP, ...overrides.sp }, session: false },
  });
  const doctor = async (value: object, name: string, dataSource = dataSourceFile) => {
    const config = await writeOptionsFile(scratch.dir, value, `${name}.mjs`);
    const run = await runBuiltCli(['doctor', '--data-source', dataSource, '--config', config]);
    // The secret is in the config file, never in what the CLI says.
    expect(`${run.stdout}${run.stderr}`).not.toContain(clientSecret);
    expect(run.stdout).not.toMatch(/Bearer|Basic |access_token/);
    return run;
  };

  beforeAll(async () => {
    recordSecretsForRunner([clientSecret]);
    await nomos.start();
    db = await openTestDataSource(kind, { entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    scratch = await scratchDir();
    dataSourceFile = await writeDataSourceFile(scratch.dir, db.db.options);
  });
  afterAll(async () => {
    await nomos.stop();
    await db?.close();
    await scratch?.remove();
  });

  it('says ok to every check of a good set-up (one token call, one read, never a mint), exit 0', async () => {
    nomos.resetCounters();
    const run = await doctor(options(), 'good');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const check of [
      'config',
      'idp-metadata',
      'cert idp-signing',
      'nomos-token',
      'clock',
      'nomos-api',
      'database',
    ]) {
      expect(lineOf(run, check)).toMatch(/^ok /);
    }
    expect(lineOf(run, 'migrations')).toMatch(new RegExp(`^ok\\s+migrations\\s+all ${nomosPortalMigrations.length} `));
    expect(lineOf(run, 'cert idp-signing')).toMatch(/valid for \d+ more day/);
    expect(run.stdout).toMatch(/doctor: \d+ checks, 0 failed, 0 warning\(s\)\n$/);
    expect(nomos.counters).toMatchObject({ tokenRequests: 1, mintRequests: 0, customerRequests: 1 });
  });

  it('fails the token check for a wrong client secret and says which settings to fix, exit 1', async () => {
    const run = await doctor(options({ nomos: { clientSecret: `${clientSecret}-wrong` } }), 'wrong-secret');
    expect(run.code).toBe(1);
    expect(lineOf(run, 'nomos-token')).toMatch(
      /^fail\s+nomos-token\s+token endpoint answered HTTP 401.* → fix: check nomos.clientId and nomos.clientSecret \(NOMOS_CLIENT_ID, NOMOS_CLIENT_SECRET\)/,
    );
    expect(lineOf(run, 'nomos-api')).toBeUndefined();
    expect(`${run.stdout}`).not.toContain(`${clientSecret}-wrong`);
  });

  it('fails on an expired IdP signing certificate and warns about one expiring within 30 days', async () => {
    const expired = new TestIdp({
      sp: { entityId: SP.entityId, acsUrl: `${SP.baseUrl}/auth/saml/acs` },
      signingKey: shortLivedKeyPair('Expired IdP', new Date(Date.now() - 3_600_000)),
    });
    const soon = shortLivedKeyPair('Soon SP', new Date(Date.now() + 5 * DAY + 3_600_000));
    const run = await doctor(
      options({ idp: { metadataXml: expired.metadataXml() }, sp: { signingKey: soon.key, signingCert: soon.cert } }),
      'expired-cert',
    );
    expect(run.code).toBe(1);
    expect(lineOf(run, 'cert idp-signing')).toMatch(
      /^fail\s+cert idp-signing\s+CN=Expired IdP .* expired on \d{4}-.* → fix: /,
    );
    expect(lineOf(run, 'cert sp-signing')).toMatch(/^warn\s+cert sp-signing\s+CN=Soon SP .* expires in 5 day\(s\)/);
  });

  it('reads IdP metadata from its URL, and fails the metadata check when the IdP cannot be reached', async () => {
    const server = await new MetadataServer().start();
    server.serve(idp.metadataXml());
    const url = { metadataUrl: server.url, allowPrivateMetadataHosts: true, metadataCa: devTls().cert };
    try {
      const good = await doctor(options({ idp: url }), 'metadata-url');
      expect(lineOf(good, 'idp-metadata')).toMatch(
        /^ok\s+idp-metadata\s+saml.idp.metadataUrl \(https:.*\) read: https:\/\/idp/,
      );
    } finally {
      await server.stop();
    }
    const gone = await doctor(options({ idp: url }), 'metadata-gone');
    expect(gone.code).toBe(1);
    expect(lineOf(gone, 'idp-metadata')).toMatch(/^fail\s+idp-metadata\s+saml.idp.metadataUrl .* → fix: /);
  });

  it('fails the database and migrations checks on a database without the migrations (and writes nothing)', async () => {
    const all = nomosPortalMigrations.length;
    const bare = await createTestDatabase(kind);
    try {
      const file = await writeDataSourceFile(scratch.dir, bare.options, `bare-${kind}.mjs`);
      const run = await doctor(options(), 'unmigrated', file);
      expect(run.code).toBe(1);
      expect(lineOf(run, 'database')).toMatch(/^ok /);
      expect(lineOf(run, 'migrations')).toMatch(
        new RegExp(`^fail\\s+migrations\\s+${all} of ${all} not applied: CreatePortalTables`),
      );
      // getPendingMigrations reads only: not even the migrations table was created.
      const check = new DataSource(bare.options);
      await check.initialize();
      try {
        expect(await check.createQueryRunner().hasTable('migrations')).toBe(false);
      } finally {
        await check.destroy();
      }
    } finally {
      await bare.drop();
    }
  });

  it('fails the Nomos checks when Nomos cannot be reached, naming the address and the setting', async () => {
    const stopped = new NomosEmulator({ clientSecret });
    await stopped.start();
    const value = options({ nomos: stopped.clientOptions() });
    await stopped.stop();
    const run = await doctor(value, 'stopped');
    expect(run.code).toBe(1);
    expect(lineOf(run, 'nomos-token')).toMatch(
      /^fail\s+nomos-token\s+cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) → fix: check nomos.baseUrl \(NOMOS_BASE_URL\)/,
    );
  });
});

describe('nomos-portal doctor: unusable configuration', () => {
  it('names the bad setting and exits 2', async () => {
    const scratch = await scratchDir();
    try {
      const config = await writeOptionsFile(scratch.dir, { nomos: { clientId: 'x' } });
      const run = await runBuiltCli(['doctor', '--config', config]);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/^fail\s+config\s+nomos\.clientSecret \(NOMOS_CLIENT_SECRET\) is required/m);
      expect(run.stdout).toMatch(/^warn\s+database\s+no data-source file/m);
    } finally {
      await scratch.remove();
    }
  });
});
