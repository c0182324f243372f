// Found by `npm run test:mutation`: the exact bounds and messages of the Nomos client settings.
import { resolveNomosApiOptions } from '../../../src/nomos-api/nomos-api.options.js';
import { refusalOf } from '../config-refusal.js';

const valid = { clientId: 'client-1', clientSecret: 'secret-1' };
const messageOf = (options: unknown, path?: string) => refusalOf(resolveNomosApiOptions, options, path);

describe('resolveNomosApiOptions bounds', () => {
  it('accepts every bound itself', () => {
    const low = {
      timeoutMs: 1,
      mintDeadlineMs: 1,
      maxRetries: 0,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 1,
      tokenRefreshMarginSec: 0,
      connections: 1,
    };
    const high = {
      timeoutMs: 600_000,
      mintDeadlineMs: 600_000,
      maxRetries: 10,
      retryBaseDelayMs: 60_000,
      retryMaxDelayMs: 60_000,
      tokenRefreshMarginSec: 3600,
      connections: 1024,
    };
    expect(resolveNomosApiOptions({ ...valid, ...low })).toMatchObject(low);
    expect(resolveNomosApiOptions({ ...valid, ...high })).toMatchObject(high);
  });

  it.each([
    ['timeoutMs', 600_001, 'a positive integer (milliseconds, at most 600000)'],
    ['retryBaseDelayMs', 60_001, 'a positive integer (milliseconds, at most 60000)'],
    ['retryMaxDelayMs', 60_001, 'a positive integer (milliseconds, at most 60000)'],
    ['retryMaxDelayMs', 0, 'a positive integer (milliseconds, at most 60000)'],
    ['tokenRefreshMarginSec', 3601, 'an integer from 0 to 3600 (seconds)'],
    ['connections', 1025, 'a positive integer (at most 1024)'],
  ])('refuses %s = %p', (key, value, what) => {
    const env = { timeoutMs: ' (NOMOS_TIMEOUT_MS)' }[key] ?? '';
    expect(messageOf({ ...valid, [key]: value })).toBe(`nomos.${key}${env} must be ${what}`);
  });

  it('names the known options and refuses null and arrays as a whole', () => {
    expect(messageOf({ ...valid, retries: 3 })).toBe(
      'nomos.retries is not a known option (expected one of clientId, clientSecret, baseUrl, apiVersion, timeoutMs, ' +
        'mintDeadlineMs, maxRetries, retryBaseDelayMs, retryMaxDelayMs, tokenRefreshMarginSec, connections, ' +
        'rateLimit, circuitBreaker)',
    );
    expect(messageOf(null)).toBe('nomos must be an object with clientId and clientSecret');
    expect(messageOf([valid], 'app.nomos')).toBe('app.nomos must be an object with clientId and clientSecret');
    expect(messageOf({ clientId: null, clientSecret: 'x' })).toBe('nomos.clientId (NOMOS_CLIENT_ID) is required');
  });

  it('keeps a path prefix but drops trailing slashes, and refuses a fragment', () => {
    expect(resolveNomosApiOptions({ ...valid, baseUrl: 'https://api.example//v2//' }).baseUrl).toBe(
      'https://api.example//v2',
    );
    expect(resolveNomosApiOptions({ ...valid, baseUrl: 'https://api.example' }).baseUrl).toBe('https://api.example');
    expect(messageOf({ ...valid, baseUrl: 'https://api.example/#x' })).toBe(
      'nomos.baseUrl (NOMOS_BASE_URL) must not contain a query string or fragment',
    );
    expect(messageOf({ ...valid, baseUrl: 'https://:pw@api.example' })).toBe(
      'nomos.baseUrl (NOMOS_BASE_URL) must not contain credentials; use clientId and clientSecret',
    );
    expect(messageOf({ ...valid, baseUrl: '   ' })).toBe(
      'nomos.baseUrl (NOMOS_BASE_URL) must be an https URL (http is allowed only for loopback hosts such as 127.0.0.1)',
    );
    expect(messageOf({ ...valid, baseUrl: 'nope' })).toBe(
      'nomos.baseUrl (NOMOS_BASE_URL) must be an https URL (http is allowed only for loopback hosts ' +
        'such as 127.0.0.1); it is not a valid absolute URL',
    );
  });

  it('accepts an API version with or without a codename, and nothing around it', () => {
    expect(resolveNomosApiOptions({ ...valid, apiVersion: '2027-01-02' }).apiVersion).toBe('2027-01-02');
    expect(resolveNomosApiOptions({ ...valid, apiVersion: '2027-01-02.a-1' }).apiVersion).toBe('2027-01-02.a-1');
    for (const bad of ['x2027-01-02', '2027-01-02x', '2027-01-02.', '2027-01-02.1a', '27-01-02']) {
      expect(messageOf({ ...valid, apiVersion: bad })).toBe(
        "nomos.apiVersion (NOMOS_API_VERSION) must be a Nomos API version such as '2026-05-27.curie'",
      );
    }
  });
});
