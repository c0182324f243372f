import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../src/testing/index.js';

/**
 * The metadata document with an enveloped RSA-SHA256 signature over its root (URI "" — the whole
 * document), placed first in the root as the metadata schema wants it. Test fixtures only.
 */
export function signMetadata(xml: string, signer: KeyPair): string {
  const signature = new SignedXml({
    privateKey: signer.key,
    publicCert: signer.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: '/*',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    isEmptyUri: true,
  });
  signature.computeSignature(xml, { location: { reference: '/*', action: 'prepend' } });
  return signature.getSignedXml();
}
