// Found by `npm run test:mutation`: the portal routes' options were only exercised through whole-app
// config suites, which the mutation run leaves out; these pin each default, each refusal with its
// exact message, and the sign-in URL the error answers send a browser to.
import type { Request } from 'express';
import { refusalOf } from '../config-refusal.js';
import { resolvePortalRouteOptions, signInUrlAt } from '../../../src/portal/portal.options.js';

const messageOf = (options: unknown, path?: string) =>
  refusalOf(
    (raw: unknown, at?: string) => resolvePortalRouteOptions(raw as never, '/auth/saml/login', at),
    options,
    path,
  );

const ORIGIN_PROBLEM =
  ': use an origin as browsers send it, scheme and host in lower case, port only if not the default, ' +
  'no path or trailing "/" (e.g. "https://app.example.com")';
const originRefusal = (origin: unknown) =>
  `portal.allowedOrigins (NOMOS_PORTAL_ALLOWED_ORIGINS) contains ${JSON.stringify(origin)}${ORIGIN_PROBLEM}`;

describe('resolvePortalRouteOptions', () => {
  it('takes the sign-in mode default login path, no renderer and only the own origin', () => {
    expect(resolvePortalRouteOptions({}, '/auth/saml/login')).toEqual({
      loginPath: '/auth/saml/login',
      renderErrorPage: undefined,
      allowedOrigins: [],
    });
    expect(resolvePortalRouteOptions({}, undefined).loginPath).toBeUndefined();
  });

  it('prefers the configured login path over the default, and keeps a renderer', () => {
    const render = () => '<p>x</p>';
    const resolved = resolvePortalRouteOptions({ loginPath: '/sign-in', renderErrorPage: render }, '/auth/saml/login');
    expect(resolved.loginPath).toBe('/sign-in');
    expect(resolved.renderErrorPage).toBe(render);
  });

  it.each(['https://idp.example/login', '//evil.example/login', '/\\evil.example', '/a\\b', 'login', ''])(
    'refuses the login path %p as not same-origin',
    (loginPath) => {
      expect(messageOf({ loginPath })).toBe(
        'portal.loginPath (NOMOS_PORTAL_LOGIN_PATH) must be a same-origin path starting with a single "/"',
      );
    },
  );

  it('refuses a login path that is not text', () => {
    expect(messageOf({ loginPath: 42 })).toMatch(/^portal\.loginPath .* must be a same-origin path/);
  });

  it('refuses a renderer that is not a function', () => {
    expect(messageOf({ renderErrorPage: '<p>x</p>' })).toBe('portal.renderErrorPage must be a function (page) => html');
  });

  it('keeps exact origins, once each, in order', () => {
    const origins = ['https://m.example.com', 'http://localhost:3000', 'https://m.example.com', 'https://[::1]:8443'];
    expect(resolvePortalRouteOptions({ allowedOrigins: origins }, undefined).allowedOrigins).toEqual([
      'https://m.example.com',
      'http://localhost:3000',
      'https://[::1]:8443',
    ]);
  });

  it('refuses a non-list of origins', () => {
    expect(messageOf({ allowedOrigins: 'https://m.example.com' })).toBe(
      'portal.allowedOrigins (NOMOS_PORTAL_ALLOWED_ORIGINS) must be an array of origins such as "https://app.example.com"',
    );
  });

  it.each([
    'https://m.example.com/',
    'https://m.example.com/app',
    'https://M.example.com',
    'https://m.example.com:443',
    'ftp://m.example.com',
    'file:///etc/passwd',
    'https://*.example.com',
    'https://user@m.example.com',
    'not a url',
    '',
    42,
    null,
  ])('refuses the origin %p, naming it', (origin) => {
    expect(messageOf({ allowedOrigins: ['https://ok.example.com', origin] })).toBe(originRefusal(origin));
  });

  it('names the options under the path it is given', () => {
    expect(messageOf({ loginPath: 'x' }, 'routes')).toBe(
      'routes.loginPath must be a same-origin path starting with a single "/"',
    );
  });
});

describe('signInUrlAt', () => {
  const at = (originalUrl: string) => ({ originalUrl }) as Request;

  it('is absent without a login path', () => {
    expect(signInUrlAt(undefined)).toBeUndefined();
  });

  it('returns to the path asked for, encoded', () => {
    expect(signInUrlAt('/auth/saml/login')?.(at('/portal?x=1&y=2'))).toBe(
      '/auth/saml/login?returnTo=%2Fportal%3Fx%3D1%26y%3D2',
    );
  });

  it.each(['//evil.example/portal', '/\\evil.example', ''])('returns to "/" instead of the unsafe %p', (url) => {
    expect(signInUrlAt('/sign-in')?.(at(url))).toBe('/sign-in?returnTo=%2F');
  });
});
