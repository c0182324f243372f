// Found by `npm run test:mutation`: which of a subject's fields `checkSubject` keeps, and when.
import { checkSubject } from '../../../src/magic-links/magic-link-subject.js';
import type { MagicLinkSubject } from '../../../src/magic-links/magic-link-subject.js';

const subjectOf = (input: unknown) => {
  const checked = checkSubject(input as MagicLinkSubject);
  if (!checked.ok) throw new Error(`refused: ${checked.error.message}`);
  return checked.subject;
};

describe('checkSubject fields', () => {
  it('keeps the issuer, the user name, the email and the authentication as given', () => {
    const authn = { sessionIndex: 's-1', contextClass: 'urn:mfa' };
    expect(
      subjectOf({ id: 'ada', issuer: 'https://idp.example', userName: 'ada@corp.example', email: 'a@x', authn }),
    ).toEqual({ id: 'ada', issuer: 'https://idp.example', userName: 'ada@corp.example', email: 'a@x', authn });
  });

  it.each([
    ['empty', ''],
    ['a number', 7],
    ['an object', { toString: () => 'https://idp.example' }],
  ])('drops an issuer and a user name that are %s', (_case, value) => {
    const subject = subjectOf({ id: 'ada', issuer: value, userName: value });
    expect(subject.issuer).toBeUndefined();
    expect(subject.userName).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'mfa'],
  ])('drops an authentication that is %s', (_case, authn) => {
    expect(subjectOf({ id: 'ada', authn }).authn).toBeUndefined();
  });
});
