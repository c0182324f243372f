import type { NomosPortalModuleOptions } from '../../src/index.js';
import { NomosPortalConfigError, NomosPortalModule, nomosPortalOptionsFromEnv } from '../../src/index.js';
import { startUpError } from './start-error.js';

const good: NomosPortalModuleOptions = { nomos: { clientId: 'id', clientSecret: 'secret-value-123' } };

const startWith = (options: unknown, async = false): Promise<unknown> =>
  startUpError(
    async
      ? NomosPortalModule.forRootAsync({ sso: 'none', useFactory: async () => options as NomosPortalModuleOptions })
      : NomosPortalModule.forRoot({ sso: 'none', ...(options as NomosPortalModuleOptions) }),
  );

const cases: Array<[string, unknown, RegExp]> = [
  ['nomos missing', {}, /nomos\.clientId \(NOMOS_CLIENT_ID\) is required/],
  ['client id missing', { nomos: { clientSecret: 's' } }, /nomos\.clientId \(NOMOS_CLIENT_ID\) is required/],
  ['client secret missing', { nomos: { clientId: 'id' } }, /nomos\.clientSecret \(NOMOS_CLIENT_SECRET\) is required/],
  ['client secret empty', { nomos: { clientId: 'id', clientSecret: '' } }, /nomos\.clientSecret/],
  ['plain-http base URL', { nomos: { ...good.nomos, baseUrl: 'http://api.nomos.energy' } }, /nomos\.baseUrl/],
  ['malformed base URL', { nomos: { ...good.nomos, baseUrl: 'not a url' } }, /nomos\.baseUrl/],
  ['negative timeout', { nomos: { ...good.nomos, timeoutMs: -1 } }, /nomos\.timeoutMs/],
  ['fractional retries', { nomos: { ...good.nomos, maxRetries: 1.5 } }, /nomos\.maxRetries/],
  ['empty API version', { nomos: { ...good.nomos, apiVersion: '' } }, /nomos\.apiVersion/],
  [
    'portal host with a scheme',
    { ...good, portal: { allowedLinkHosts: ['https://x.customerportal.energy'] } },
    /portal\.allowedLinkHosts/,
  ],
  ['TLD-wide wildcard', { ...good, portal: { allowedLinkHosts: ['*.energy'] } }, /portal\.allowedLinkHosts/],
  ['no portal hosts', { ...good, portal: { allowedLinkHosts: [] } }, /portal\.allowedLinkHosts/],
  ['protocol-relative login path', { ...good, portal: { loginPath: '//evil.example' } }, /portal\.loginPath/],
];

describe('bad configuration stops start-up and names the setting', () => {
  it.each(cases)('%s (forRoot)', async (_name, options, message) => {
    const error = await startWith(options);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it.each(cases)('%s (forRootAsync)', async (_name, options, message) => {
    const error = await startWith(options, true);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('an async factory that returns nothing (forRootAsync)', async () => {
    const error = await startWith(undefined, true);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(/options are required/);
  });

  it('never echoes the client secret in a config error', async () => {
    const error = await startWith({ nomos: { ...good.nomos, timeoutMs: 'soon' } });
    expect((error as Error).message).toMatch(/nomos\.timeoutMs/);
    expect((error as Error).message).not.toContain('secret-value-123');
  });

  it('starts with the minimal valid options', async () => {
    expect(await startWith(good)).toBeUndefined();
  });

  it('reads the environment and names the variable when a number is malformed', () => {
    expect(
      nomosPortalOptionsFromEnv({
        NOMOS_CLIENT_ID: 'a',
        NOMOS_CLIENT_SECRET: 'b',
        NOMOS_PORTAL_HOSTS: '*.a.example, b.example',
      }),
    ).toMatchObject({
      nomos: { clientId: 'a', clientSecret: 'b' },
      portal: { allowedLinkHosts: ['*.a.example', 'b.example'] },
    });
    expect(() => nomosPortalOptionsFromEnv({ NOMOS_TIMEOUT_MS: '5s' })).toThrow(/NOMOS_TIMEOUT_MS/);
  });
});
