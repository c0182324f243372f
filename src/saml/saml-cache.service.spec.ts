import { ConsoleLogger, Logger } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Repository } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { SamlAssertionEntry } from './saml-assertion.entity.js';
import { SAML_CACHE_DEFAULTS } from './saml-cache.options.js';
import type { SamlCacheOptions } from './saml-cache.options.js';
import { SamlCacheService } from './saml-cache.service.js';
import { SamlRequestEntry } from './saml-request.entity.js';

const IDP = 'https://idp.example/metadata';
const T0 = Date.UTC(2030, 0, 1);

/** Keeps what the service logs, so tests can assert on it and the run stays quiet. */
class LogCollector implements LoggerService {
  warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

describe('SamlCacheService (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let requests: Repository<SamlRequestEntry>;
  let assertions: Repository<SamlAssertionEntry>;
  let clock: number;
  let logs: LogCollector;
  const make = (options: SamlCacheOptions = {}) =>
    new SamlCacheService(requests, assertions, { now: () => clock, ...options });

  beforeEach(async () => {
    clock = T0;
    logs = new LogCollector();
    Logger.overrideLogger(logs);
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [SamlRequestEntry, SamlAssertionEntry],
      migrations: nomosPortalMigrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    requests = dataSource.getRepository(SamlRequestEntry);
    assertions = dataSource.getRepository(SamlAssertionEntry);
  });
  afterEach(async () => {
    Logger.overrideLogger(new ConsoleLogger());
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  describe('as node-saml CacheProvider', () => {
    it('saves, reads and removes a request id with the return values node-saml expects', async () => {
      const cache = make();
      expect(await cache.saveAsync('_req1', '2030-01-01T00:00:00Z')).toEqual({
        value: '2030-01-01T00:00:00Z',
        createdAt: T0,
      });
      expect(await requests.findOneBy({ key: '_req1' })).toEqual({
        key: '_req1',
        value: '2030-01-01T00:00:00Z',
        expiresAt: T0 + SAML_CACHE_DEFAULTS.requestTtlMs,
      });
      expect(await cache.getAsync('_req1')).toBe('2030-01-01T00:00:00Z');
      expect(await cache.removeAsync('_req1')).toBe('_req1');
      expect(await cache.getAsync('_req1')).toBeNull();
      expect(await cache.removeAsync('_req1')).toBeNull();
      expect(await cache.removeAsync(null)).toBeNull();
    });

    it('refuses to overwrite an unexpired key and keeps the first value', async () => {
      const cache = make();
      await cache.saveAsync('_dup', 'first');
      expect(await cache.saveAsync('_dup', 'second')).toBeNull();
      expect(await cache.getAsync('_dup')).toBe('first');
    });

    it('reads the database every time (a row deleted behind its back is gone)', async () => {
      const cache = make();
      await cache.saveAsync('_gone', 'v');
      expect(await cache.getAsync('_gone')).toBe('v');
      await requests.delete({ key: '_gone' });
      expect(await cache.getAsync('_gone')).toBeNull();
    });

    it('stops returning an entry at requestTtlMs, deletes it, and lets the key be saved again', async () => {
      const cache = make({ requestTtlMs: 1000 });
      await cache.saveAsync('_ttl', 'old');
      clock = T0 + 999;
      expect(await cache.getAsync('_ttl')).toBe('old');
      clock = T0 + 1000;
      expect(await cache.getAsync('_ttl')).toBeNull();
      expect(await requests.countBy({ key: '_ttl' })).toBe(0);

      await requests.insert({ key: '_ttl', value: 'stale', expiresAt: T0 });
      expect(await cache.saveAsync('_ttl', 'new')).toEqual({ value: 'new', createdAt: T0 + 1000 });
      expect(await cache.getAsync('_ttl')).toBe('new');
    });

    it('answers null for keys longer than the column without querying oddly', async () => {
      const cache = make();
      expect(await cache.getAsync('x'.repeat(256))).toBeNull();
      expect(await cache.removeAsync('x'.repeat(256))).toBeNull();
    });
  });

  it('records an assertion once and refuses its replay (more in test/saml-store on both databases)', async () => {
    const cache = make();
    expect(await cache.markAssertionUsed(IDP, '_a1', new Date(T0 + 60_000))).toBe(true);
    expect(await cache.markAssertionUsed(IDP, '_a1', new Date(T0 + 60_000))).toBe(false);
    await expect(cache.markAssertionUsed(IDP, '', undefined)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  describe('purging', () => {
    it('deletes only expired entries of both caches', async () => {
      const cache = make({ requestTtlMs: 1000, assertionMaxTtlMs: 1000 });
      await cache.saveAsync('_old', 'v');
      await cache.markAssertionUsed(IDP, '_old', undefined);
      clock = T0 + 500;
      await cache.saveAsync('_new', 'v');
      await cache.markAssertionUsed(IDP, '_new', undefined);
      clock = T0 + 1000;
      expect(await cache.purgeExpired()).toEqual({ requests: 1, assertions: 1 });
      expect((await requests.find()).map((row) => row.key)).toEqual(['_new']);
      expect(await assertions.count()).toBe(1);
    });

    it('runs on writes at most once per purgeIntervalMs', async () => {
      const cache = make({ requestTtlMs: 10, purgeIntervalMs: 60_000 });
      await cache.saveAsync('_p1', 'v'); // first write purges (nothing yet)
      clock = T0 + 20;
      await cache.saveAsync('_p2', 'v'); // within the interval: _p1 expired but stays
      expect(await requests.countBy({ key: '_p1' })).toBe(1);
      clock = T0 + 60_000;
      await cache.markAssertionUsed(IDP, '_p3', undefined);
      expect(await requests.count()).toBe(0);
    });

    it('does not fail a write when the purge fails', async () => {
      await dataSource.query('DROP TABLE "nomos_saml_assertions"');
      expect(await make().saveAsync('_still', 'v')).not.toBeNull();
      expect(logs.warnings).toEqual([expect.stringContaining('Purging expired SAML entries failed')]);
    });
  });

  it('passes database errors to the caller', async () => {
    const cache = make();
    await dataSource.destroy();
    await expect(cache.getAsync('_x')).rejects.toThrow();
    await expect(cache.saveAsync('_x', 'v')).rejects.toThrow();
    await expect(cache.markAssertionUsed(IDP, '_x', undefined)).rejects.toThrow();
  });

  it('validates its options', () => {
    expect(() => make({ requestTtlMs: 0 })).toThrow(/requestTtlMs/);
    expect(() => make({ assertionMaxTtlMs: Number.NaN })).toThrow(/assertionMaxTtlMs/);
    expect(() => make({ purgeIntervalMs: -1 })).toThrow(/purgeIntervalMs/);
    expect(() => make({ requestTtlMs: undefined })).not.toThrow();
  });
});
