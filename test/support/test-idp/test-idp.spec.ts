import { TestIdp } from './test-idp.js';
import { testKeys } from './test-keys.js';
import { SP_ACS_URL, SP_ENTITY_ID, SP_SLO_URL, strictSaml } from './strict-sp.helper.js';

const ALICE = { nameId: 'alice@corp.example', email: 'alice@corp.example', displayName: 'Alice Example', groups: ['staff', 'energy-portal'] };

function newIdp(sp: Partial<ConstructorParameters<typeof TestIdp>[0]['sp']> = {}): TestIdp {
  return new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL, sloUrl: SP_SLO_URL, ...sp } });
}

describe('TestIdp against node-saml (strict SP settings)', () => {
  it('completes a login: AuthnRequest → signed response → profile', async () => {
    const saml = strictSaml();
    const idp = newIdp();
    const request = idp.parseAuthnRequest(await saml.getAuthorizeUrlAsync('/portal', undefined, {}));
    expect(request).toMatchObject({ issuer: SP_ENTITY_ID, acsUrl: SP_ACS_URL, relayState: '/portal', signed: false });
    expect(request.id).toMatch(/^_[0-9a-f]{40}$/);

    const response = await idp.loginResponse({ user: { ...ALICE, attributes: { department: ['R&D <lab>'] } }, sessionIndex: '_s1' });
    expect(response.relayState).toBe('/portal');
    expect(response.xml).toContain(`InResponseTo="${request.id}"`);
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: response.samlResponse });
    expect(profile).toMatchObject({
      nameID: 'alice@corp.example',
      nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      email: 'alice@corp.example',
      displayName: 'Alice Example',
      groups: ['staff', 'energy-portal'],
      department: 'R&D <lab>',
      sessionIndex: '_s1',
      inResponseTo: request.id,
      issuer: 'https://idp.test.example/metadata',
    });
  });

  it('signs both the Response and the Assertion with RSA-SHA256 and exclusive c14n', async () => {
    const { xml, responseId, assertionId } = await newIdp().loginResponse({ user: ALICE, inResponseTo: null });
    expect(xml.match(/<ds:Signature /g)).toHaveLength(2);
    expect(xml).toContain(`URI="#${responseId}"`);
    expect(xml).toContain(`URI="#${assertionId}"`);
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).not.toContain('InResponseTo=');
  });
});
