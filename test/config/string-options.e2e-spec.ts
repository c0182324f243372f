import type { NomosPortalModuleOptions } from '../../src/index.js';
import { NomosPortalConfigError, NomosPortalModule, resolveNomosPortalOptions } from '../../src/index.js';
import { testIdp } from '../support/saml-app.js';
import { startUpError } from './start-error.js';

// What ConfigService.get (or process.env) hands a factory: every value a string.
const idp = testIdp();
const fromConfig = (nomos: Record<string, string>, saml: Record<string, unknown> = {}, portal = {}) =>
  ({
    nomos: { clientId: 'id', clientSecret: 'secret-value-123', ...nomos },
    portal,
    saml: {
      idp: { metadataXml: idp.metadataXml() },
      sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
      ...saml,
      session: { secret: 'x'.repeat(32), ...(saml.session as object) },
    },
  }) as unknown as NomosPortalModuleOptions;
const resolve = (options: NomosPortalModuleOptions) => resolveNomosPortalOptions(options, { sso: 'saml' });
const refusal = (options: NomosPortalModuleOptions): string => {
  try {
    resolve(options);
  } catch (error) {
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('number and flag options given as strings (ConfigService, process.env)', () => {
  it('reads digits as the number and "true"/"false" as the flag, in every section', () => {
    const resolved = resolve(
      fromConfig(
        { timeoutMs: '5000', maxRetries: ' 0 ', connections: '8' },
        {
          allowIdpInitiated: 'false',
          wantAssertionsSigned: 'TRUE',
          acceptedClockSkewMs: '2000',
          maxPendingLogins: '100',
          rateLimit: { limit: '30', ttlMs: '1000' },
          session: { secureCookie: 'false', idleTimeoutMs: '600000', touchIntervalMs: '0' },
        },
        { autoLinkByEmail: 'false' },
      ),
    );
    expect(resolved.nomos).toMatchObject({ timeoutMs: 5000, maxRetries: 0, connections: 8 });
    expect(resolved.saml).toMatchObject({
      allowIdpInitiated: false,
      wantAssertionsSigned: true,
      acceptedClockSkewMs: 2000,
      maxPendingLogins: 100,
      rateLimit: { limit: 30, ttlMs: 1000 },
      session: { secureCookie: false, idleTimeoutMs: 600_000, touchIntervalMs: 0 },
    });
    expect(resolved.portal.autoLinkByEmail).toBe(false);
    expect(resolve(fromConfig({}, {}, { autoLinkByEmail: 'true' })).portal.autoLinkByEmail).toEqual({ domains: null });
  });

  it.each([
    ['5s', { timeoutMs: '5s' }, 'nomos.timeoutMs (NOMOS_TIMEOUT_MS) must be a positive integer (milliseconds'],
    ['a fraction', { maxRetries: '1.5' }, 'nomos.maxRetries (NOMOS_MAX_RETRIES) must be an integer from 0 to 10'],
    ['out of range', { timeoutMs: '600001' }, 'nomos.timeoutMs (NOMOS_TIMEOUT_MS) must be a positive integer'],
    ['empty', { mintDeadlineMs: '' }, 'nomos.mintDeadlineMs (NOMOS_MINT_DEADLINE_MS) must be a positive integer'],
  ])('refuses %s after coercion, with the usual message', (_name, nomos, message) => {
    expect(refusal(fromConfig(nomos))).toContain(message);
  });

  it.each([
    [{ allowIdpInitiated: 'no' }, 'saml.allowIdpInitiated (SAML_ALLOW_IDP_INITIATED) must be true or false'],
    [
      { session: { secureCookie: '1' } },
      'saml.session.secureCookie (SAML_SESSION_SECURE_COOKIE) must be true or false',
    ],
    [{ acceptedClockSkewMs: '-1' }, 'saml.acceptedClockSkewMs (SAML_CLOCK_SKEW_MS) must be a whole number from 0'],
  ])('refuses %j, with the usual message', (saml, message) => {
    expect(refusal(fromConfig({}, saml))).toContain(message);
  });

  it('never quotes the given text (it may be a secret pasted into the wrong variable)', () => {
    expect(refusal(fromConfig({ timeoutMs: 'secret-value-123' }))).not.toContain('secret-value-123');
  });

  it('boots the module from a forRootAsync factory that returns only strings', async () => {
    const factory = () => fromConfig({ timeoutMs: '5000', maxRetries: '2' }, { allowIdpInitiated: 'false' });
    expect(await startUpError(NomosPortalModule.forRootAsync({ useFactory: factory }))).toBeUndefined();
  });
});
