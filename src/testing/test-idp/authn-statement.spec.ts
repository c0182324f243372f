import { TestIdp } from './test-idp.js';

const idp = new TestIdp({ sp: { entityId: 'https://sp.test.example', acsUrl: 'https://sp.test.example/acs' } });
const user = { nameId: 'alice@corp.example' };

/** The AuthnStatement's start tag and class reference, as the signed XML carries them. */
const authnOf = (xml: string) => ({
  instant: /<saml:AuthnStatement AuthnInstant="([^"]*)"/.exec(xml)?.[1],
  classRef: /<saml:AuthnContextClassRef>([^<]*)<\/saml:AuthnContextClassRef>/.exec(xml)?.[1],
});

describe('TestIdp AuthnStatement', () => {
  it('asserts a password sign-in at the issue instant by default', async () => {
    const issueInstant = new Date('2026-05-04T10:00:00.000Z');
    const { xml } = await idp.loginResponse({ user, issueInstant });
    expect(authnOf(xml)).toEqual({
      instant: '2026-05-04T10:00:00.000Z',
      classRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    });
  });

  it('takes authnInstant and authnContextClassRef per login (the class reference escaped)', async () => {
    const { xml } = await idp.loginResponse({
      user,
      issueInstant: new Date('2026-05-04T10:00:00.000Z'),
      authnInstant: new Date('2026-05-04T09:42:17.250Z'),
      authnContextClassRef: 'urn:example:mfa&otp',
    });
    expect(authnOf(xml)).toEqual({ instant: '2026-05-04T09:42:17.250Z', classRef: 'urn:example:mfa&amp;otp' });
  });
});
