// Found by `npm run test:mutation`: the assurance gate's rules at their edges (which values count,
// which instants parse, the skew on both sides), and the gate in the mint path through a real app
// (one denied row, no Nomos call). test/assurance drives the same gate through SAML and HTTP.
import { AuditService, MagicLinkService, StepUpRequiredError } from '../../../src/index.js';
import { assuranceRequired, checkAssurance } from '../../../src/magic-links/assurance-gate.js';
import { AUTHN_CLOCK_SKEW_MS } from '../../../src/magic-links/magic-links.options.js';
import type { PortalTestApp } from '../../support/portal-app.js';
import { USERS, startPortalApp } from '../../support/portal-app.js';

const MFA = 'http://schemas.microsoft.com/claims/multipleauthn';
const PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password';
const NOW = Date.parse('2026-12-03T08:00:00.000Z');
const HOUR = 3_600_000;
const context = { requireAuthnContext: [MFA], maxAuthAgeMs: undefined };
const age = { requireAuthnContext: [], maxAuthAgeMs: HOUR };
const iso = (ms: number) => new Date(ms).toISOString();
const verdictOf = (authn: unknown, rules: Parameters<typeof checkAssurance>[1] = context) =>
  checkAssurance(authn, rules, NOW);

describe('assuranceRequired', () => {
  it.each([
    [{ requireAuthnContext: [], maxAuthAgeMs: undefined }, false],
    [context, true],
    [age, true],
    [{ requireAuthnContext: [MFA], maxAuthAgeMs: HOUR }, true],
  ])('%j → %s', (rules, required) => {
    expect(assuranceRequired(rules)).toBe(required);
  });
});

describe('checkAssurance: the context rule', () => {
  const refused = { ok: false, code: 'AUTHN_CONTEXT_INSUFFICIENT', reason: 'no required context class or method' };

  it.each([
    ['the context class', { contextClass: MFA }],
    ['a method', { contextClass: PASSWORD, methods: ['pwd', MFA] }],
    ['a method with no context class', { methods: [MFA] }],
    ['a method among non-strings', { methods: [7, null, MFA] }],
  ])('passes %s naming a required value', (_, authn) => {
    expect(verdictOf(authn)).toEqual({ ok: true });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', MFA],
    ['another class', { contextClass: PASSWORD }],
    ['a class that only contains the value', { contextClass: `${MFA}x` }],
    ['a non-string class', { contextClass: [MFA] }],
    ['methods that are not an array', { methods: MFA }],
    ['a method that is not a string', { methods: [[MFA]] }],
  ])('refuses %s', (_, authn) => {
    expect(verdictOf(authn)).toEqual(refused);
  });

  it('checks the context before the age', () => {
    const both = { requireAuthnContext: [MFA], maxAuthAgeMs: HOUR };
    expect(verdictOf({ contextClass: PASSWORD, authnInstant: iso(NOW - 2 * HOUR) }, both)).toMatchObject({
      code: 'AUTHN_CONTEXT_INSUFFICIENT',
    });
    expect(verdictOf({ contextClass: MFA, authnInstant: iso(NOW - 2 * HOUR) }, both)).toMatchObject({
      code: 'AUTHN_TOO_OLD',
    });
    expect(verdictOf({ contextClass: MFA, authnInstant: iso(NOW) }, both)).toEqual({ ok: true });
  });
});

describe('checkAssurance: the age rule', () => {
  const unusable = { ok: false, code: 'AUTHN_TOO_OLD', reason: 'no usable AuthnInstant' };
  const future = { ok: false, code: 'AUTHN_TOO_OLD', reason: 'AuthnInstant in the future' };
  const old = { ok: false, code: 'AUTHN_TOO_OLD', reason: 'authenticated longer ago than portal.maxAuthAgeMs' };

  it.each([
    ['2026-12-03T07:30Z', 'minutes only'],
    ['2026-12-03T07:30:00Z', 'seconds'],
    ['2026-12-03T07:30:00.123456789Z', 'nanoseconds'],
    ['2026-12-03T08:30:00+01:00', 'an offset'],
    ['2026-12-03T02:30:00-05:00', 'a negative offset'],
  ])('takes %s (%s)', (instant) => {
    expect(verdictOf({ authnInstant: instant }, age)).toEqual({ ok: true });
  });

  it.each([
    ['no instant', {}],
    ['a number', { authnInstant: NOW }],
    ['a year only', { authnInstant: '2026' }],
    ['a date only', { authnInstant: '2026-12-03' }],
    ['a local time', { authnInstant: '2026-12-03T07:30:00' }],
    ['a lower-case zone', { authnInstant: '2026-12-03T07:30:00z' }],
    ['ten fraction digits', { authnInstant: '2026-12-03T07:30:00.1234567890Z' }],
    ['text before', { authnInstant: 'x2026-12-03T07:30:00Z' }],
    ['text after', { authnInstant: '2026-12-03T07:30:00Zx' }],
    ['an impossible date', { authnInstant: '2026-13-45T07:30:00Z' }],
    ['a short offset', { authnInstant: '2026-12-03T07:30:00+01' }],
  ])('refuses %s', (_, authn) => {
    expect(verdictOf(authn, age)).toEqual(unusable);
  });

  it('allows the clock skew on both sides, and not a millisecond more', () => {
    expect(verdictOf({ authnInstant: iso(NOW + AUTHN_CLOCK_SKEW_MS) }, age)).toEqual({ ok: true });
    expect(verdictOf({ authnInstant: iso(NOW + AUTHN_CLOCK_SKEW_MS + 1) }, age)).toEqual(future);
    expect(verdictOf({ authnInstant: iso(NOW - HOUR - AUTHN_CLOCK_SKEW_MS) }, age)).toEqual({ ok: true });
    expect(verdictOf({ authnInstant: iso(NOW - HOUR - AUTHN_CLOCK_SKEW_MS - 1) }, age)).toEqual(old);
  });

  it('measures against the current time by default', () => {
    expect(checkAssurance({ authnInstant: iso(Date.now() - 2 * HOUR) }, age)).toEqual(old);
    expect(checkAssurance({ authnInstant: iso(Date.now()) }, age)).toEqual({ ok: true });
  });
});

describe('the gate in the mint path [sqlite]', () => {
  let t: PortalTestApp;
  const person = (authn?: object) => ({ id: 'alice', issuer: 'app', authn });
  const latest = async () => (await t.app.get(AuditService).query({ userId: 'alice', limit: 1 })).items[0];

  beforeAll(async () => {
    t = await startPortalApp('sqlite', { portal: { requireAuthnContext: [MFA] } });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  it('refuses a weak sign-in with one denied row and no Nomos call', async () => {
    const links = t.emulator.issuedLinks().length;
    const refusal = await t.app
      .get(MagicLinkService)
      .mintForUser(person({ contextClass: PASSWORD }))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StepUpRequiredError);
    expect(refusal).toMatchObject({
      code: 'AUTHN_CONTEXT_INSUFFICIENT',
      reason: 'no required context class or method',
    });
    expect(t.emulator.issuedLinks()).toHaveLength(links);
    expect(await latest()).toMatchObject({
      outcome: 'denied',
      errorCode: 'AUTHN_CONTEXT_INSUFFICIENT',
      mintAttempts: 0,
    });
  });

  it('lets a strong sign-in through to its own customer', async () => {
    const minted = await t.app.get(MagicLinkService).mintForUser(person({ contextClass: MFA }));
    expect(minted.customerId).toBe(USERS.alice);
    expect(await latest()).toMatchObject({ id: minted.auditId, outcome: 'issued', authnContext: MFA });
  });
});
