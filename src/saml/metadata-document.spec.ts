import { takeMetadata } from './metadata-document.js';

const CERT = 'MIIBszCCAVmgAwIBAgIUTestOnlyNotARealCertificate';
const entity = (attributes = '', idpAttributes = '') =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example/"${attributes}>` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"${idpAttributes}>` +
  '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
  `<ds:X509Certificate>${CERT}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
  '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>' +
  '</md:IDPSSODescriptor></md:EntityDescriptor>';
const now = new Date('2026-06-01T00:00:00Z');
const take = (xml: string, entityId?: string) => takeMetadata(xml, 'saml.idp.metadataUrl (x)', { entityId, now });

describe('takeMetadata', () => {
  it('takes a document without validUntil, or one still valid, and reports the earliest date', () => {
    expect(take(entity()).validUntil).toBeUndefined();
    const both = take(entity(' validUntil="2026-12-31T00:00:00Z"', ' validUntil="2026-07-01T00:00:00Z"'));
    expect(both).toMatchObject({ entityId: 'https://idp.example/', certs: [CERT] });
    expect(both.validUntil?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('reads validUntil on an EntitiesDescriptor around the entity too', () => {
    const wrapped =
      '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" validUntil="2026-05-01T00:00:00Z">' +
      `${entity()}</md:EntitiesDescriptor>`;
    expect(() => take(wrapped)).toThrow(
      /^saml\.idp\.metadataUrl \(x\) expired: its validUntil 2026-05-01T00:00:00\.000Z/,
    );
  });

  it('refuses an expired IDPSSODescriptor, a validUntil that is no date, and another entity', () => {
    expect(() => take(entity('', ' validUntil="2026-05-31T23:59:59Z"'))).toThrow(/expired/);
    expect(() => take(entity(' validUntil="soon"'))).toThrow(/has a validUntil that is not a date: "soon"/);
    expect(() => take(entity(), 'https://other.example/')).toThrow(
      /is for entity "https:\/\/idp\.example\/", not "https:\/\/other\.example\/"/,
    );
  });
});
