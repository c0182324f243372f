// Found by `npm run test:mutation`: the signup step a person without a customer is offered (only
// the options were pinned): its URL, the reference it carries, and its label.
import { readSignupReference } from '../../../src/identity/index.js';
import { signupStepFor } from '../../../src/magic-links/signup-offer.js';

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
