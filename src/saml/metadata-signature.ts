import { SignedXml } from 'xml-crypto';
import { parseWellFormedXml } from './xml-document.js';
import { DS_NS } from './xml-namespaces.js';

/**
 * Checks the enveloped XML signature on the root of a metadata document against the pinned
 * certificate (never one from the document's own KeyInfo) and that it covers the whole root.
 * @returns the signed XML, as the signature covers it: the caller reads the metadata from this
 * text, never from the original one, so nothing unsigned (a second, wrapped root) is read
 * @throws Error with a reason safe to log when the document is not signed as required
 */
export function verifiedMetadataXml(xml: string, pinnedCert: string): string {
  const root = parseWellFormedXml(xml, { refuseWarnings: true })?.documentElement;
  if (!root) throw new Error('is not well-formed XML');
  const signatures = Array.from(root.childNodes as unknown as ArrayLike<Node>).filter(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).localName === 'Signature' && (node as Element).namespaceURI === DS_NS,
  );
  if (signatures.length !== 1) throw new Error('is not signed on its root (saml.idp.metadataSigningCert is set)');
  const id = root.getAttribute('ID') ?? '';
  if (id !== '' && countIds(root, id) !== 1) throw new Error('has more than one element with the signed ID');
  const verifier = new SignedXml({ publicCert: pinnedCert, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signatures[0]);
  let valid: boolean;
  try {
    valid = verifier.checkSignature(xml);
  } catch {
    valid = false;
  }
  if (!valid) throw new Error('has a signature that does not verify with saml.idp.metadataSigningCert');
  const references = verifier.getReferences();
  const whole = references.length === 1 && (references[0].uri === '' || (id !== '' && references[0].uri === `#${id}`));
  const signed = verifier.getSignedReferences();
  if (!whole || signed.length !== 1) throw new Error('has a signature that does not cover the whole document');
  return signed[0];
}

function countIds(root: Element, id: string): number {
  let count = 0;
  const walk = (element: Element) => {
    if (element.getAttribute('ID') === id) count++;
    for (const child of Array.from(element.childNodes as unknown as ArrayLike<Node>))
      if (child.nodeType === 1) walk(child as Element);
  };
  walk(root);
  return count;
}
