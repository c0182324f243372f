// Found by `npm run test:mutation`: the signup step a person without a customer is offered (only
// the options were pinned): its URL, the reference it carries, and its label; the options' edges.
import { readSignupReference } from '../../../src/identity/index.js';
import { OptionChecks } from '../../../src/common/option-checks.js';
import { NomosPortalConfigError } from '../../../src/errors/index.js';
import { resolveSignupOptions, signupStepFor } from '../../../src/magic-links/signup-offer.js';

const secret = 'r'.repeat(40);
const person = { issuer: 'https://idp.corp.example/', subject: 'a1&b2' };
const options = (url: string) => ({ url, referenceSecret: secret, referenceTtlMs: 3_600_000 });

describe('signupStepFor', () => {
  it('adds the reference as the query of a URL without one, readable back as the person until it expires', () => {
    const now = Date.now();
    const step = signupStepFor(options('https://energy.corp.example/signup'), person, now);
    const url = new URL(step.href);
    expect(`${url.origin}${url.pathname}`).toBe('https://energy.corp.example/signup');
    expect([...url.searchParams.keys()]).toEqual(['nomos_portal_ref']);
    const ref = url.searchParams.get('nomos_portal_ref');
    expect(readSignupReference(ref, [secret], now + 3_599_000)).toEqual(person);
    expect(readSignupReference(ref, [secret], now + 3_601_000)).toBeUndefined();
    expect(step.label).toBe('No energy account yet? Start an energy contract — it opens here once it is set up');
  });

  it('appends it to a query that is already there, and to a same-origin path', () => {
    const step = signupStepFor(options('/signup?plan=green'), person, Date.now());
    expect(step.href).toMatch(/^\/signup\?plan=green&nomos_portal_ref=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signupStepFor(options('/signup'), person, Date.now()).href).toMatch(/^\/signup\?nomos_portal_ref=/);
  });

  it('makes a fresh reference for each click', () => {
    const first = signupStepFor(options('/signup'), person, 1_000_000);
    const later = signupStepFor(options('/signup'), person, 2_000_000);
    expect(later.href).not.toBe(first.href);
  });
});

describe('resolveSignupOptions edges', () => {
  const checks = new OptionChecks('portal');
  const resolve = (signup: Record<string, unknown>) =>
    resolveSignupOptions({ referenceSecret: secret, ...signup }, checks);
  const refused = (signup: Record<string, unknown>) => {
    try {
      resolve(signup);
    } catch (error) {
      expect(error).toBeInstanceOf(NomosPortalConfigError);
      return (error as Error).message.split(' must ')[0];
    }
    return 'accepted';
  };

  it('takes a URL of 2048 characters and refuses 2049', () => {
    const base = 'https://energy.corp.example/';
    expect(refused({ url: base + 'a'.repeat(2048 - base.length) })).toBe('accepted');
    expect(refused({ url: base + 'a'.repeat(2049 - base.length) })).toBe('portal.signup.url');
  });

  it.each(['/a"b', "/a'b", '/a<b', '/a>b', '/a\\b', '/a\tb', 'https://:p@e.example/', 'https://u@e.example/'])(
    'refuses %p',
    (url) => {
      expect(refused({ url })).toBe('portal.signup.url');
    },
  );

  it.each(['ftp://e.example/signup', 'not a url', 'http://energy.example/signup'])('refuses %p', (url) => {
    expect(refused({ url })).toBe('portal.signup.url');
  });

  it('takes http on a loopback address, and a secret of exactly 32 characters', () => {
    expect(resolve({ url: 'http://127.0.0.1:8080/signup', referenceSecret: 'x'.repeat(32) })).toEqual({
      url: 'http://127.0.0.1:8080/signup',
      referenceSecret: 'x'.repeat(32),
      referenceTtlMs: 14 * 86_400_000,
    });
    expect(refused({ url: '/signup', referenceSecret: 'x'.repeat(31) })).toBe('portal.signup.referenceSecret');
    expect(refused({ url: '/signup', referenceSecret: 32 })).toBe('portal.signup.referenceSecret');
  });

  it('keeps a reference life from one minute to 90 days', () => {
    expect(resolve({ url: '/signup', referenceTtlMs: 90 * 86_400_000 })?.referenceTtlMs).toBe(90 * 86_400_000);
    expect(refused({ url: '/signup', referenceTtlMs: 90 * 86_400_000 + 1 })).toBe('portal.signup.referenceTtlMs');
    expect(refused({ url: '/signup', referenceTtlMs: 59_999 })).toBe('portal.signup.referenceTtlMs');
    expect(resolveSignupOptions(undefined, checks)).toBeUndefined();
    expect(() => resolveSignupOptions(null, checks)).toThrow('portal.signup must be { url, referenceSecret }');
  });
});
