import { NomosPortalConfigError, nomosPortalOptionsFromEnv, resolveNomosPortalOptions } from '../../src/index.js';

const nomos = { clientId: 'id', clientSecret: 'secret' };
const resolve = (allowedOrigins: unknown) =>
  resolveNomosPortalOptions({ nomos, portal: { allowedOrigins: allowedOrigins as string[] } }).portal.allowedOrigins;

describe('portal.allowedOrigins', () => {
  it("defaults to none: only the app's own origin may call POST /portal/link", () => {
    expect(resolveNomosPortalOptions({ nomos }).portal.allowedOrigins).toEqual([]);
  });

  it('keeps origins exactly as browsers send them', () => {
    expect(resolve(['https://m.corp.example', 'http://localhost:4200', 'https://m.corp.example'])).toEqual([
      'https://m.corp.example',
      'http://localhost:4200',
    ]);
  });

  it.each([
    ['a trailing slash', 'https://m.corp.example/'],
    ['a path', 'https://m.corp.example/app'],
    ['upper case', 'https://M.corp.example'],
    ['the default port spelled out', 'https://m.corp.example:443'],
    ['a wildcard', 'https://*.corp.example'],
    ['no scheme', 'm.corp.example'],
    ['another scheme', 'ftp://m.corp.example'],
    ['the opaque origin', 'null'],
    ['not a string', 42],
  ])('refuses %s at start-up, naming the option', (_name, origin) => {
    expect(() => resolve([origin])).toThrow(NomosPortalConfigError);
    expect(() => resolve([origin])).toThrow(/portal\.allowedOrigins/);
  });

  it('refuses a single string instead of a list', () => {
    expect(() => resolve('https://m.corp.example')).toThrow(
      /portal\.allowedOrigins \(NOMOS_PORTAL_ALLOWED_ORIGINS\) must be an array/,
    );
  });

  it('reads NOMOS_PORTAL_ALLOWED_ORIGINS, comma-separated', () => {
    const env = {
      NOMOS_CLIENT_ID: 'id',
      NOMOS_CLIENT_SECRET: 'secret',
      NOMOS_PORTAL_ALLOWED_ORIGINS: ' https://a.corp.example, https://b.corp.example ,',
    };
    expect(nomosPortalOptionsFromEnv(env).portal?.allowedOrigins).toEqual([
      'https://a.corp.example',
      'https://b.corp.example',
    ]);
    expect(resolveNomosPortalOptions(nomosPortalOptionsFromEnv(env)).portal.allowedOrigins).toEqual([
      'https://a.corp.example',
      'https://b.corp.example',
    ]);
    expect(nomosPortalOptionsFromEnv({}).portal?.allowedOrigins).toBeUndefined();
  });
});
