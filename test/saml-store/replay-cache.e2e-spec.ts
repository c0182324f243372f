import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { SamlAssertionEntry } from '../../src/saml/saml-assertion.entity.js';
import { SamlCacheService } from '../../src/saml/saml-cache.service.js';
import type { SamlCacheOptions } from '../../src/saml/saml-cache.options.js';
import { SamlRequestEntry } from '../../src/saml/saml-request.entity.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import type { TestDataSource } from '../support/databases.js';

const IDP = 'https://idp.example/metadata';
const T0 = Date.UTC(2030, 0, 1);

// The replay cache's lifetimes and keys, on each engine (PostgreSQL enforces varchar(255), SQLite does not).
describeEachDb('SAML assertion replay cache', (kind) => {
  let t: TestDataSource;
  let assertions: Repository<SamlAssertionEntry>;
  let clock: number;
  const make = (options: SamlCacheOptions = {}) =>
    new SamlCacheService(t.dataSource.getRepository(SamlRequestEntry), assertions, { now: () => clock, ...options });

  beforeAll(async () => {
    t = await openTestDataSource(kind, {
      entities: [SamlRequestEntry, SamlAssertionEntry],
      migrations: nomosPortalMigrations,
    });
    assertions = t.dataSource.getRepository(SamlAssertionEntry);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    clock = T0;
    await assertions.clear();
  });

  it('is true the first time and false for a replay; ids are namespaced per IdP', async () => {
    const cache = make();
    const until = new Date(T0 + 60_000);
    expect(await cache.markAssertionUsed(IDP, '_a1', until)).toBe(true);
    expect(await cache.markAssertionUsed(IDP, '_a1', until)).toBe(false);
    expect(await cache.markAssertionUsed('https://other-idp.example', '_a1', until)).toBe(true);
    const ids = (await assertions.find()).map((row) => row.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}:_a1$/);
  });

  it('remembers an id until NotOnOrAfter plus the margin, then allows it again', async () => {
    const cache = make({ assertionExpiryMarginMs: 5000 });
    const until = new Date(T0 + 60_000);
    await cache.markAssertionUsed(IDP, '_a2', until);
    expect((await assertions.find())[0].expiresAt).toBe(T0 + 65_000);
    clock = T0 + 64_999;
    expect(await cache.markAssertionUsed(IDP, '_a2', until)).toBe(false);
    clock = T0 + 65_000;
    expect(await cache.markAssertionUsed(IDP, '_a2', new Date(clock + 60_000))).toBe(true);
    expect(await cache.markAssertionUsed(IDP, '_a2', new Date(clock + 60_000))).toBe(false);
  });

  it('keeps an id without NotOnOrAfter (or with an invalid one) for assertionMaxTtlMs', async () => {
    const cache = make({ assertionMaxTtlMs: 7000 });
    await cache.markAssertionUsed(IDP, '_none', undefined);
    await cache.markAssertionUsed(IDP, '_nan', new Date(Number.NaN));
    expect((await assertions.find()).map((row) => row.expiresAt)).toEqual([T0 + 7000, T0 + 7000]);
  });

  it('never forgets an id sooner than the margin, even when NotOnOrAfter is already past', async () => {
    const cache = make({ assertionExpiryMarginMs: 5000 });
    await cache.markAssertionUsed(IDP, '_late', new Date(T0 - 60_000));
    expect((await assertions.find())[0].expiresAt).toBe(T0 + 5000);
  });

  it('hashes ids too long for the column and still detects their replay', async () => {
    const cache = make();
    const longId = `_${'z'.repeat(400)}`;
    expect(await cache.markAssertionUsed(IDP, longId, undefined)).toBe(true);
    expect(await cache.markAssertionUsed(IDP, longId, undefined)).toBe(false);
    expect(await cache.markAssertionUsed(IDP, `${longId}y`, undefined)).toBe(true);
    expect(await cache.markAssertionUsed(IDP, 'q'.repeat(190), undefined)).toBe(true); // longest verbatim id
    const hashed = expect.stringMatching(/^[0-9a-f]{64}:#[0-9a-f]{64}$/);
    const ids = (await assertions.find()).map((row) => row.id).sort(); // '#' sorts before 'q'
    expect(ids).toEqual([hashed, hashed, expect.stringMatching(/^[0-9a-f]{64}:q{190}$/)]);
  });
});
