import { readFileSync } from 'node:fs';
import { NomosPortalConfigError } from '../errors/index.js';
import { NOMOS_USER_AGENT } from './http-transport.js';
import { NOMOS_API_DEFAULTS, resolveNomosApiOptions, type NomosApiOptions } from './nomos-api.options.js';

const valid = { clientId: 'client-1', clientSecret: 'SECRET-cs' };
const error = (o: unknown, path?: string): NomosPortalConfigError => {
  try {
    resolveNomosApiOptions(o as Partial<NomosApiOptions>, path);
  } catch (err) {
    expect(err).toBeInstanceOf(NomosPortalConfigError);
    return err as NomosPortalConfigError;
  }
  throw new Error('expected resolveNomosApiOptions to throw');
};

describe('resolveNomosApiOptions', () => {
  it('applies every default', () => {
    expect(resolveNomosApiOptions(valid)).toEqual({ ...NOMOS_API_DEFAULTS, ...valid });
    expect(NOMOS_API_DEFAULTS).toEqual({
      baseUrl: 'https://api.nomos.energy',
      apiVersion: '2026-05-27.curie',
      timeoutMs: 5000,
      mintDeadlineMs: 10_000,
      maxRetries: 2,
      retryBaseDelayMs: 250,
      retryMaxDelayMs: 5000,
      tokenRefreshMarginSec: 60,
      connections: 16,
      rateLimit: { perSecond: 10, burst: 10, maxWaitMs: 2000, maxWaiters: 200, marginMs: 50, store: 'memory' },
      circuitBreaker: { failureThreshold: 5, coolDownMs: 10_000 },
    });
  });

  it('treats undefined values as unset and keeps given ones', () => {
    const r = resolveNomosApiOptions({
      ...valid,
      timeoutMs: undefined,
      maxRetries: 0,
      baseUrl: 'http://127.0.0.1:8080/v1/',
    });
    expect(r.timeoutMs).toBe(5000);
    expect(r.maxRetries).toBe(0);
    expect(r.baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('requires clientId and clientSecret, naming them with the path', () => {
    expect(error(undefined).message).toBe('nomos.clientId (NOMOS_CLIENT_ID) is required');
    expect(error({ clientId: 'a' }).message).toBe('nomos.clientSecret (NOMOS_CLIENT_SECRET) is required');
    expect(error({ clientId: 'a', clientSecret: '' }).message).toBe(
      'nomos.clientSecret (NOMOS_CLIENT_SECRET) is required',
    );
    expect(error({ clientId: 42, clientSecret: 'x' }).message).toBe(
      'nomos.clientId (NOMOS_CLIENT_ID) must be a non-empty string',
    );
    expect(error({ clientId: ' ', clientSecret: 'x' }).message).toBe(
      'nomos.clientId (NOMOS_CLIENT_ID) must be a non-empty string',
    );
    expect(error({ clientId: 'a' }, 'app.nomos').message).toBe('app.nomos.clientSecret is required');
    expect(error('yes').message).toMatch(/^nomos must be an object/);
  });

  it.each([
    [
      'http://api.nomos.energy',
      /^nomos\.baseUrl \(NOMOS_BASE_URL\) must be an https URL \(http is allowed only for loopback hosts such as 127\.0\.0\.1\)$/,
    ],
    ['http://10.0.0.1', /must be an https URL/],
    ['api.nomos.energy', /must be an https URL.*not a valid absolute URL/],
    ['ftp://api.nomos.energy', /must be an https URL/],
    ['', /must be an https URL/],
    ['https://user:pw@api.nomos.energy', /^nomos\.baseUrl \(NOMOS_BASE_URL\) must not contain credentials/],
    [
      'https://api.nomos.energy/?x=1',
      /^nomos\.baseUrl \(NOMOS_BASE_URL\) must not contain a query string or fragment$/,
    ],
  ])('rejects baseUrl %j', (baseUrl, message) => {
    expect(error({ ...valid, baseUrl }).message).toMatch(message);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:1', 'http://[::1]:80', 'https://emulator.internal'])(
    'accepts baseUrl %s',
    (baseUrl) => {
      expect(() => resolveNomosApiOptions({ ...valid, baseUrl })).not.toThrow();
    },
  );

  it.each([
    [
      'apiVersion',
      'latest',
      /^nomos\.apiVersion \(NOMOS_API_VERSION\) must be a Nomos API version such as '2026-05-27\.curie'$/,
    ],
    ['apiVersion', '2026-05-27.curie\r\nX-Evil: 1', /apiVersion \(NOMOS_API_VERSION\) must be/],
    ['apiVersion', 20260527, /apiVersion \(NOMOS_API_VERSION\) must be/],
    ['timeoutMs', 0, /^nomos\.timeoutMs \(NOMOS_TIMEOUT_MS\) must be a positive integer/],
    ['timeoutMs', 1.5, /^nomos\.timeoutMs \(NOMOS_TIMEOUT_MS\) must be a positive integer/],
    ['timeoutMs', '5s', /^nomos\.timeoutMs \(NOMOS_TIMEOUT_MS\) must be a positive integer/],
    [
      'mintDeadlineMs',
      0,
      /^nomos\.mintDeadlineMs \(NOMOS_MINT_DEADLINE_MS\) must be a positive integer \(milliseconds, at most 600000\)$/,
    ],
    ['mintDeadlineMs', 600_001, /^nomos\.mintDeadlineMs \(NOMOS_MINT_DEADLINE_MS\) must be a positive integer/],
    ['mintDeadlineMs', '10s', /^nomos\.mintDeadlineMs \(NOMOS_MINT_DEADLINE_MS\) must be a positive integer/],
    ['maxRetries', -1, /^nomos\.maxRetries \(NOMOS_MAX_RETRIES\) must be an integer from 0 to 10$/],
    ['maxRetries', 11, /^nomos\.maxRetries \(NOMOS_MAX_RETRIES\) must be an integer from 0 to 10$/],
    ['retryBaseDelayMs', 0, /^nomos\.retryBaseDelayMs must be a positive integer/],
    ['retryMaxDelayMs', NaN, /^nomos\.retryMaxDelayMs must be a positive integer/],
    ['retryMaxDelayMs', 100, /^nomos\.retryMaxDelayMs must not be smaller than nomos\.retryBaseDelayMs$/],
    ['tokenRefreshMarginSec', -1, /^nomos\.tokenRefreshMarginSec must be an integer from 0 to 3600/],
    ['connections', 0, /^nomos\.connections must be a positive integer/],
    ['connections', null, /^nomos\.connections must be a positive integer/],
    ['clientSecrett', 'typo', /^nomos\.clientSecrett is not a known option/],
  ])('rejects %s = %p', (key, value, message) => {
    expect(error({ ...valid, [key]: value }).message).toMatch(message);
  });

  // Issue 10: ConfigService hands over strings, so a string of digits is read as the number.
  it('reads timeoutMs = "5000" as 5000', () => {
    expect(resolveNomosApiOptions({ ...valid, timeoutMs: '5000' as unknown as number }).timeoutMs).toBe(5000);
  });

  it('never echoes a value, so a misplaced secret stays out of logs', () => {
    expect(error({ ...valid, baseUrl: 'http://SECRET-in-url.example' }).message).not.toContain('SECRET');
    expect(error({ ...valid, timeoutMs: 'SECRET' }).message).not.toContain('SECRET');
  });

  it('sends the package version in User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(NOMOS_USER_AGENT).toBe(`${pkg.name}/${pkg.version}`);
  });
});
