import { isPostedLogoutMessage } from './acs-logout-message.js';

const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
const P = 'urn:oasis:names:tc:SAML:2.0:protocol';

describe('isPostedLogoutMessage (what a POST to the ACS carries)', () => {
  it.each([
    ['a prefixed LogoutResponse', `<samlp:LogoutResponse xmlns:samlp="${P}" ID="_1">`],
    [
      'an unprefixed one after an XML declaration',
      `<?xml version="1.0" encoding="UTF-8"?>\n<LogoutResponse xmlns="${P}">`,
    ],
    ["Okta's saml2p prefix", `<saml2p:LogoutResponse xmlns:saml2p="${P}" Destination="x">`],
    ['a byte-order mark and white space first', `\uFEFF  <samlp:LogoutResponse xmlns:samlp="${P}"/>`],
  ])('routes %s to the logout handling', (_name, xml) => {
    expect(isPostedLogoutMessage({ SAMLResponse: b64(xml) })).toBe(true);
  });

  it('routes any SAMLRequest to the logout handling (it checks the rest)', () => {
    expect(isPostedLogoutMessage({ SAMLRequest: 'anything' })).toBe(true);
  });

  it.each([
    ['a login Response', `<samlp:Response xmlns:samlp="${P}" ID="_2">`],
    ['a Response whose text mentions LogoutResponse', `<samlp:Response ID="_3"><x>LogoutResponse</x>`],
    ['a LogoutResponse after a comment (left to the login checks, which refuse it)', `<!-- x --><LogoutResponse>`],
    ['not base64 XML', '%%%not base64'],
  ])('leaves %s to the login checks', (_name, value) => {
    expect(isPostedLogoutMessage({ SAMLResponse: value.startsWith('<') ? b64(value) : value })).toBe(false);
  });

  it('leaves a missing or non-string SAMLResponse to the login checks', () => {
    expect(isPostedLogoutMessage({})).toBe(false);
    expect(isPostedLogoutMessage({ SAMLResponse: ['a'] })).toBe(false);
  });
});
