// Issue 11 deliverable 5: the assurance options, each refusal with its exact message, their
// variables, and the gate's decision on its own (the e2e suites beside this one drive it through HTTP).
import type { Request } from 'express';
import { nomosPortalEnvNames, nomosPortalOptionsFromEnv, resolveNomosPortalOptions } from '../../src/index.js';
import { checkAssurance } from '../../src/magic-links/assurance-gate.js';
import { stepUpUrlAt } from '../../src/portal/portal.options.js';

const nomos = { clientId: 'id', clientSecret: 'secret-value-123' };
const portalOf = (portal: object) => resolveNomosPortalOptions({ nomos, portal }, { sso: 'none' }).portal;
const refusal = (portal: object) => {
  try {
    portalOf(portal);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};
const MFA = 'http://schemas.microsoft.com/claims/multipleauthn';
const CONTEXT = 'portal.requireAuthnContext (NOMOS_PORTAL_REQUIRE_AUTHN_CONTEXT)';
const CONTEXT_PROBLEM =
  ': use each AuthnContextClassRef or method URI exactly as the IdP sends it ' +
  '(1 to 255 visible ASCII characters, no spaces)';
const AGE_PROBLEM =
  'portal.maxAuthAgeMs (NOMOS_PORTAL_MAX_AUTH_AGE_MS) must be a whole number from 60000 (1 minute) ' +
  'to 86400000 (1 day)';

describe('portal.requireAuthnContext and portal.maxAuthAgeMs', () => {
  it('default to no requirement', () => {
    expect(portalOf({})).toMatchObject({ requireAuthnContext: [], maxAuthAgeMs: undefined });
  });

  it('keep the listed values (once each) and a whole number of ms, also given as text', () => {
    expect(portalOf({ requireAuthnContext: [MFA, 'urn:x', MFA], maxAuthAgeMs: '900000' })).toMatchObject({
      requireAuthnContext: [MFA, 'urn:x'],
      maxAuthAgeMs: 900_000,
    });
  });

  it.each([
    [{ requireAuthnContext: MFA }, `${CONTEXT} must be an array of AuthnContextClassRef or method URIs`],
    [{ requireAuthnContext: [''] }, `${CONTEXT} contains ""${CONTEXT_PROBLEM}`],
    [{ requireAuthnContext: ['urn:a b'] }, `${CONTEXT} contains "urn:a b"${CONTEXT_PROBLEM}`],
    [{ requireAuthnContext: [42] }, `${CONTEXT} contains 42${CONTEXT_PROBLEM}`],
    [{ requireAuthnContext: ['x'.repeat(256)] }, `${CONTEXT} contains "${'x'.repeat(256)}"${CONTEXT_PROBLEM}`],
    [{ maxAuthAgeMs: 59_999 }, AGE_PROBLEM],
    [{ maxAuthAgeMs: 86_400_001 }, AGE_PROBLEM],
    [{ maxAuthAgeMs: 90_000.5 }, AGE_PROBLEM],
    [{ maxAuthAgeMs: '15m' }, AGE_PROBLEM],
  ])('refuse %j', (portal, message) => {
    expect(refusal(portal)).toBe(message);
  });

  it('are read from their variables (the list comma-separated)', () => {
    const env = { NOMOS_PORTAL_REQUIRE_AUTHN_CONTEXT: ` ${MFA}, urn:x ,`, NOMOS_PORTAL_MAX_AUTH_AGE_MS: '600000' };
    expect(nomosPortalOptionsFromEnv(env).portal).toMatchObject({
      requireAuthnContext: [MFA, 'urn:x'],
      maxAuthAgeMs: 600_000,
    });
    expect(() => nomosPortalOptionsFromEnv({ NOMOS_PORTAL_MAX_AUTH_AGE_MS: '10 min' })).toThrow(
      'portal.maxAuthAgeMs (NOMOS_PORTAL_MAX_AUTH_AGE_MS) must be a whole number, got "10 min"',
    );
    expect(nomosPortalEnvNames()).toEqual(
      expect.arrayContaining(['NOMOS_PORTAL_MAX_AUTH_AGE_MS', 'NOMOS_PORTAL_REQUIRE_AUTHN_CONTEXT']),
    );
  });
});

describe('checkAssurance', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const context = { requireAuthnContext: [MFA], maxAuthAgeMs: undefined };
  const age = { requireAuthnContext: [], maxAuthAgeMs: 600_000 };

  it.each([
    ['the class ref', { contextClass: MFA }, true],
    ['a method', { contextClass: 'urn:password', methods: ['pwd', MFA] }, true],
    ['neither', { contextClass: 'urn:password', methods: ['pwd'] }, false],
    ['the right value in another case', { contextClass: MFA.toUpperCase() }, false],
    ['methods that are not a list', { methods: MFA }, false],
    ['nothing', undefined, false],
  ])('takes the required context from %s: %s', (_name, authn, ok) => {
    expect(checkAssurance(authn, context, now)).toEqual(
      ok
        ? { ok: true }
        : { ok: false, code: 'AUTHN_CONTEXT_INSUFFICIENT', reason: 'no required context class or method' },
    );
  });

  it.each([
    ['10 minutes old', at(600_000), true],
    ['10 minutes and 30 s old (the skew)', at(630_000), true],
    ['10 minutes and 31 s old', at(631_000), false],
    ['30 s ahead of our clock', at(-30_000), true],
    ['31 s ahead', at(-31_000), false],
    ['with an offset', '2026-12-02T13:55:00+02:00', true],
    ['missing', undefined, false],
    ['not a time', 'soon', false],
    ['a bare date', '2026-12-02', false],
  ])('an AuthnInstant %s passes: %s', (_name, authnInstant, ok) => {
    expect(checkAssurance({ authnInstant }, age, now)).toMatchObject({ ok });
    if (!ok) expect(checkAssurance({ authnInstant }, age, now)).toMatchObject({ code: 'AUTHN_TOO_OLD' });
  });

  it('checks the context before the age, and passes anyone when no rule is set', () => {
    const both = { requireAuthnContext: [MFA], maxAuthAgeMs: 600_000 };
    expect(checkAssurance({ authnInstant: at(3_600_000) }, both, now)).toMatchObject({
      code: 'AUTHN_CONTEXT_INSUFFICIENT',
    });
    expect(checkAssurance({ contextClass: MFA, authnInstant: at(3_600_000) }, both, now)).toMatchObject({
      code: 'AUTHN_TOO_OLD',
      reason: 'authenticated longer ago than portal.maxAuthAgeMs',
    });
    expect(checkAssurance(undefined, { requireAuthnContext: [], maxAuthAgeMs: undefined }, now)).toEqual({ ok: true });
  });
});

describe('stepUpUrlAt', () => {
  const requestFor = (originalUrl: string) => ({ originalUrl }) as Request;

  it('sends to the configured login path only, with a safe way back and the flag', () => {
    expect(stepUpUrlAt('/auth/saml/login')?.(requestFor('/portal'))).toBe(
      '/auth/saml/login?returnTo=%2Fportal&forceAuthn=1',
    );
    expect(stepUpUrlAt('/login')?.(requestFor('//evil.example/x'))).toBe('/login?returnTo=%2F&forceAuthn=1');
    expect(stepUpUrlAt(undefined)).toBeUndefined();
  });
});
