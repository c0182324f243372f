import samlify from 'samlify';
import { TestIdp } from './test-idp.js';
import { certBody, testKeys } from './test-keys.js';
import { SP_ACS_URL, SP_ENTITY_ID, SP_SLO_URL, startLogin, strictSaml } from './strict-sp.spec-helper.js';

const ALICE = {
  nameId: 'alice@corp.example',
  email: 'alice@corp.example',
  displayName: 'Alice Example',
  groups: ['staff', 'energy-portal'],
};
const keys = testKeys();

function newIdp(options: Partial<ConstructorParameters<typeof TestIdp>[0]> = {}): TestIdp {
  return new TestIdp({
    sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL, sloUrl: SP_SLO_URL, encryptCert: keys.spEncryption.cert },
    ...options,
  });
}

describe('TestIdp login against node-saml (strict SP settings)', () => {
  it('completes a login: AuthnRequest → signed response → profile', async () => {
    const saml = strictSaml();
    const idp = newIdp();
    const request = await startLogin(saml, idp, '/portal');
    expect(request).toMatchObject({ issuer: SP_ENTITY_ID, acsUrl: SP_ACS_URL, relayState: '/portal', signed: false });
    expect(request.id).toMatch(/^_[0-9a-f]{40}$/);

    const user = { ...ALICE, attributes: { department: ['R&D <lab>'], 'urn:oid:2.5.4.42': ['Alice'] } };
    const response = await idp.loginResponse({ user, sessionIndex: '_s1' });
    expect(response.relayState).toBe('/portal');
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: response.samlResponse });
    expect(profile).toMatchObject({
      issuer: 'https://idp.test.example/metadata',
      nameID: 'alice@corp.example',
      nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      email: 'alice@corp.example',
      displayName: 'Alice Example',
      groups: ['staff', 'energy-portal'],
      department: 'R&D <lab>',
      'urn:oid:2.5.4.42': 'Alice',
      sessionIndex: '_s1',
      inResponseTo: request.id,
    });
  });

  it(
    'signs Response and Assertion (RSA-SHA256, SHA-256 digests); ' +
      'default timestamps, Destination, Recipient, Audience',
    async () => {
      const before = Date.now();
      const { xml, responseId, assertionId } = await newIdp().loginResponse({ user: ALICE, inResponseTo: null });
      expect(
        xml.match(/<ds:SignatureMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmldsig-more#rsa-sha256"\/>/g),
      ).toHaveLength(2);
      expect(xml.match(/<ds:DigestMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmlenc#sha256"\/>/g)).toHaveLength(
        2,
      );
      expect(xml).toContain(`<ds:Reference URI="#${responseId}">`);
      expect(xml).toContain(`<ds:Reference URI="#${assertionId}">`);
      expect(xml).not.toContain('InResponseTo=');
      expect(xml).toContain(`Destination="${SP_ACS_URL}"`);
      expect(xml).toContain(`Recipient="${SP_ACS_URL}"`);
      expect(xml).toContain(`<saml:Audience>${SP_ENTITY_ID}</saml:Audience>`);
      const notBefore = Date.parse(/NotBefore="([^"]+)"/.exec(xml)![1]);
      const notOnOrAfter = [...xml.matchAll(/NotOnOrAfter="([^"]+)"/g)].map((m) => Date.parse(m[1]));
      expect(notBefore).toBeGreaterThanOrEqual(before);
      expect(notBefore).toBeLessThanOrEqual(Date.now());
      expect(notOnOrAfter).toEqual([notBefore + 300_000, notBefore + 300_000]);
    },
  );

  it('encrypts the assertion to the SP certificate; node-saml decrypts it with decryptionPvk', async () => {
    const saml = strictSaml({ decryptionPvk: keys.spEncryption.key });
    const idp = newIdp();
    await startLogin(saml, idp);
    const { xml, samlResponse } = await idp.loginResponse({ user: ALICE, encrypt: true });
    expect(xml).toContain('EncryptedAssertion');
    expect(xml).not.toContain('alice@corp.example');
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile).toMatchObject({ nameID: 'alice@corp.example', groups: ['staff', 'energy-portal'] });
    const noKey = strictSaml();
    await startLogin(noKey, idp);
    const withoutKey = await idp.loginResponse({ user: ALICE, encrypt: true });
    await expect(noKey.validatePostResponseAsync({ SAMLResponse: withoutKey.samlResponse })).rejects.toThrow(
      'No decryption key for encrypted SAML response',
    );
  });

  it('rotates certificates: key A and key B accepted when both are configured, the attacker key refused', async () => {
    const saml = strictSaml();
    const idp = newIdp();
    for (const signingKey of ['A', 'B'] as const) {
      await startLogin(saml, idp);
      const { samlResponse, xml } = await idp.loginResponse({ user: ALICE, signingKey });
      expect(xml).toContain(certBody(signingKey === 'A' ? keys.idpA.cert : keys.idpB.cert));
      await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).resolves.toMatchObject({
        profile: { nameID: 'alice@corp.example' },
      });
    }
    await startLogin(saml, idp);
    const forged = await idp.loginResponse({ user: ALICE, signingKey: 'attacker' });
    await expect(saml.validatePostResponseAsync({ SAMLResponse: forged.samlResponse })).rejects.toThrow(
      'Invalid document signature',
    );

    const onlyA = strictSaml({ idpCert: keys.idpA.cert });
    await startLogin(onlyA, idp);
    const signedByB = await idp.loginResponse({ user: ALICE, signingKey: 'B' });
    await expect(onlyA.validatePostResponseAsync({ SAMLResponse: signedByB.samlResponse })).rejects.toThrow(
      'Invalid document signature',
    );
  });
});

describe('TestIdp metadata', () => {
  it('publishes IdP metadata (entity id, SSO/SLO redirect, one signing cert per rotation key) that parses', () => {
    const idp = newIdp();
    const meta = samlify.IdPMetadata(idp.metadataXml(['A', 'B']));
    expect(meta.getEntityID()).toBe('https://idp.test.example/metadata');
    expect(meta.getSingleSignOnService('redirect')).toBe('https://idp.test.example/sso');
    expect(meta.getSingleLogoutService('redirect')).toBe('https://idp.test.example/slo');
    expect(meta.getX509Certificate('signing')).toEqual([certBody(keys.idpA.cert), certBody(keys.idpB.cert)]);
    expect(samlify.IdPMetadata(idp.metadataXml()).getX509Certificate('signing')).toBe(certBody(keys.idpA.cert));
  });

  it(
    'configures itself from SP metadata generated by node-saml ' + '(signing + encryption certs) and logs in with it',
    async () => {
      const saml = strictSaml({
        privateKey: keys.spSigning.key,
        publicCert: keys.spSigning.cert,
        decryptionPvk: keys.spEncryption.key,
      });
      const idp = new TestIdp({
        sp: { metadataXml: saml.generateServiceProviderMetadata(keys.spEncryption.cert, keys.spSigning.cert) },
      });
      expect(idp.sp).toEqual({
        entityId: SP_ENTITY_ID,
        acsUrl: SP_ACS_URL,
        sloUrl: SP_SLO_URL,
        authnRequestsSigned: true,
        encryptCert: keys.spEncryption.cert,
        spSigningCert: keys.spSigning.cert,
      });
      const request = await startLogin(saml, idp, '/portal');
      expect(request).toMatchObject({ signed: true, signatureValid: true });
      const { samlResponse } = await idp.loginResponse({ user: ALICE, encrypt: true });
      await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).resolves.toMatchObject({
        profile: { nameID: 'alice@corp.example' },
      });
    },
  );
});
