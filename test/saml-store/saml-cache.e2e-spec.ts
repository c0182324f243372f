import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { SAML, ValidateInResponseTo } from '@node-saml/passport-saml';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { SamlAssertionEntry } from '../../src/saml/saml-assertion.entity.js';
import { SamlCacheService } from '../../src/saml/saml-cache.service.js';
import type { SamlCacheOptions } from '../../src/saml/saml-cache.options.js';
import { SamlRequestEntry } from '../../src/saml/saml-request.entity.js';
import { DEV_TLS_CERT_FILE } from '../../src/testing/index.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

const ENTITIES = [SamlRequestEntry, SamlAssertionEntry];
const IDP = 'https://idp.example/entity';

// Two replicas: two DataSources (two pools/connections) on one database, no memory in common.
describeEachDb('SAML caches shared by two replicas', (kind) => {
  let t: TestDataSource;
  let other: DataSource;

  beforeAll(async () => {
    t = await openTestDataSource(kind, { entities: ENTITIES, migrations: nomosPortalMigrations });
    other = new DataSource({ ...t.db.options, entities: ENTITIES });
    await other.initialize();
  });
  afterAll(async () => {
    if (other?.isInitialized) await other.destroy();
    await t?.close();
  });
  beforeEach(async () => {
    await t.dataSource.getRepository(SamlRequestEntry).clear();
    await t.dataSource.getRepository(SamlAssertionEntry).clear();
  });

  const replica = (ds: DataSource, options: SamlCacheOptions = {}) =>
    new SamlCacheService(ds.getRepository(SamlRequestEntry), ds.getRepository(SamlAssertionEntry), options);

  it('finds on B a request id saved on A, and forgets it on A once B removed it', async () => {
    const [a, b] = [replica(t.dataSource), replica(other)];
    expect(await a.saveAsync('_login-1', '2030-01-01T00:00:00.000Z')).not.toBeNull();
    expect(await b.getAsync('_login-1')).toBe('2030-01-01T00:00:00.000Z');
    expect(await b.saveAsync('_login-1', 'other')).toBeNull();
    expect(await b.removeAsync('_login-1')).toBe('_login-1');
    expect(await a.getAsync('_login-1')).toBeNull();
    expect(await a.removeAsync('_login-1')).toBeNull();
  });

  it('lets exactly one of 20 concurrent saves of one key win across replicas', async () => {
    const [a, b] = [replica(t.dataSource), replica(other)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).saveAsync('_race', `v${i}`)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(await a.getAsync('_race')).toBe(winners[0].value);
  });

  it('expires an entry for every replica and purges it from either', async () => {
    let clock = Date.UTC(2030, 0, 1);
    const options = { requestTtlMs: 1000, now: () => clock };
    const [a, b] = [replica(t.dataSource, options), replica(other, options)];
    await a.saveAsync('_short', 'v');
    await a.saveAsync('_long', 'v');
    await t.dataSource.getRepository(SamlRequestEntry).update({ key: '_long' }, { expiresAt: clock + 5000 });
    clock += 1000;
    expect(await b.getAsync('_short')).toBeNull();
    expect(await a.getAsync('_long')).toBe('v');
    clock += 4000;
    expect(await b.purgeExpired()).toEqual({ requests: 1, assertions: 0 });
    expect(await a.getAsync('_long')).toBeNull();
    expect(await t.dataSource.getRepository(SamlRequestEntry).count()).toBe(0);
  });

  it('accepts exactly one of 50 concurrent uses of one assertion across replicas', async () => {
    const [a, b] = [replica(t.dataSource), replica(other)];
    const until = new Date(Date.now() + 60_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).markAssertionUsed(IDP, '_assert-1', until)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.markAssertionUsed(IDP, '_assert-1', until)).toBe(false);
    expect(await b.markAssertionUsed(IDP, '_assert-1', until)).toBe(false);
    expect(await t.dataSource.getRepository(SamlAssertionEntry).count()).toBe(1);
  });

  it('lets exactly one of 50 concurrent uses displace an expired entry', async () => {
    const [a, b] = [replica(t.dataSource), replica(other)];
    expect(await a.markAssertionUsed(IDP, '_assert-2', undefined)).toBe(true);
    await t.dataSource
      .getRepository(SamlAssertionEntry)
      .createQueryBuilder()
      .update()
      .set({ expiresAt: Date.now() - 1 })
      .execute();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).markAssertionUsed(IDP, '_assert-2', undefined)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const [row] = await t.dataSource.getRepository(SamlAssertionEntry).find();
    expect(row.expiresAt).toBeGreaterThan(Date.now());
  });

  it('serves node-saml as its cacheProvider: a request started on A is known on B', async () => {
    const a = replica(t.dataSource);
    const saml = new SAML({
      entryPoint: 'https://idp.example/sso',
      issuer: 'https://sp.example',
      callbackUrl: 'https://sp.example/auth/saml/acs',
      idpCert: readFileSync(DEV_TLS_CERT_FILE, 'utf8'),
      validateInResponseTo: ValidateInResponseTo.always,
      cacheProvider: a,
    });
    const url = new URL(await saml.getAuthorizeUrlAsync('', undefined, {}));
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const id = /\sID="([^"]+)"/.exec(xml)![1];
    const instant = /\sIssueInstant="([^"]+)"/.exec(xml)![1];
    expect(await replica(other).getAsync(id)).toBe(instant);
  });
});
