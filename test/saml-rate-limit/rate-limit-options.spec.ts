import type { SamlOptions } from '../../src/index.js';
import { NomosPortalConfigError, samlOptionsFromEnv } from '../../src/index.js';
import { resolveSamlOptions } from '../../src/saml/saml-options.resolve.js';
import { InMemorySamlRateLimitStorage } from '../../src/saml/saml-rate-limit.storage.js';
import { testIdp } from '../support/saml-app.js';

const good: SamlOptions = {
  idp: { metadataXml: testIdp().metadataXml() },
  sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
  session: { secret: 'x'.repeat(32) },
};
const resolve = (extra: Partial<SamlOptions>) => resolveSamlOptions({ ...good, ...extra }, 'auth/saml');

describe('saml.rateLimit and saml.maxPendingLogins', () => {
  it('defaults to 300 requests per minute per IP and route, and 50000 outstanding logins', () => {
    const resolved = resolve({});
    expect(resolved.rateLimit).toEqual({ limit: 300, ttlMs: 60_000, storage: undefined });
    expect(resolved.maxPendingLogins).toBe(50_000);
  });

  it('takes a ThrottlerStorage, or false to turn the limits off', () => {
    const storage = new InMemorySamlRateLimitStorage();
    expect(resolve({ rateLimit: { limit: 10, storage } }).rateLimit).toEqual({ limit: 10, ttlMs: 60_000, storage });
    expect(resolve({ rateLimit: false }).rateLimit).toBe(false);
    storage.onApplicationShutdown();
  });

  it.each([
    ['a zero limit', { rateLimit: { limit: 0 } }, /saml\.rateLimit\.limit \(SAML_RATE_LIMIT\) must be positive/],
    ['a fractional window', { rateLimit: { ttlMs: 1.5 } }, /saml\.rateLimit\.ttlMs/],
    [
      'a storage without increment()',
      { rateLimit: { storage: {} as never } },
      /saml\.rateLimit\.storage must be a ThrottlerStorage/,
    ],
    ['rateLimit: true', { rateLimit: true as never }, /saml\.rateLimit must be an object or false/],
    [
      'no room for any login',
      { maxPendingLogins: 0 },
      /saml\.maxPendingLogins \(SAML_MAX_PENDING_LOGINS\) must be positive/,
    ],
  ])('refuses %s at start-up, naming the option', (_name, extra, message) => {
    expect(() => resolve(extra as Partial<SamlOptions>)).toThrow(NomosPortalConfigError);
    expect(() => resolve(extra as Partial<SamlOptions>)).toThrow(message);
  });

  it(
    'reads SAML_RATE_LIMIT, SAML_RATE_LIMIT_WINDOW_MS and ' +
      'SAML_MAX_PENDING_LOGINS; SAML_RATE_LIMIT=0 turns the limits off',
    () => {
      const env = samlOptionsFromEnv({
        SAML_RATE_LIMIT: '120',
        SAML_RATE_LIMIT_WINDOW_MS: '30000',
        SAML_MAX_PENDING_LOGINS: '9000',
      });
      expect(env.rateLimit).toEqual({ limit: 120, ttlMs: 30_000 });
      expect(env.maxPendingLogins).toBe(9000);
      expect(samlOptionsFromEnv({ SAML_RATE_LIMIT: '0' }).rateLimit).toBe(false);
      expect(samlOptionsFromEnv({}).rateLimit).toBeUndefined();
      expect(() => samlOptionsFromEnv({ SAML_RATE_LIMIT: 'lots' })).toThrow(/SAML_RATE_LIMIT/);
    },
  );
});
