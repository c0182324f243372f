import { createHash, createHmac } from 'node:crypto';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { signatureOf } from './tamper-dom.js';
import { childElement, NS_DS, setText } from '../../../src/testing/test-idp/xml-dom.js';

/** SignatureMethod URI for HMAC-SHA256 (RFC 4051). */
export const HMAC_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256';
/** SignatureMethod URI for HMAC-SHA1 (the one xml-crypto knows, disabled by default). */
export const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';

function exclusiveC14n(el: Element): string {
  return new ExclusiveCanonicalization().process(el, {});
}

/**
 * The SHA-256 digest (base64) an enveloped-signature reference to `el` must carry: exclusive c14n
 * without comments of `el` minus its own signature, as the IdP's transforms say.
 */
export function referenceDigest(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  const own = signatureOf(copy);
  if (own) copy.removeChild(own);
  return createHash('sha256').update(exclusiveC14n(copy)).digest('base64');
}

/** The SignedInfo, Reference DigestValue and SignatureValue elements of an element's own signature. */
export function signatureParts(el: Element): {
  signature: Element;
  signedInfo: Element;
  digestValue: Element;
  signatureValue: Element;
} {
  const signature = signatureOf(el);
  const signedInfo = signature && childElement(signature, NS_DS, 'SignedInfo');
  const reference = signedInfo && childElement(signedInfo, NS_DS, 'Reference');
  const digestValue = reference && childElement(reference, NS_DS, 'DigestValue');
  const signatureValue = signature && childElement(signature, NS_DS, 'SignatureValue');
  if (!signature || !signedInfo || !digestValue || !signatureValue)
    throw new Error(`${el.localName} carries no complete signature`);
  return { signature, signedInfo, digestValue, signatureValue };
}

/**
 * Re-signs `el`'s own signature with an HMAC keyed by `keyText` (e.g. the IdP's public certificate
 * PEM): digest updated to the current content, SignatureMethod switched, KeyInfo removed.
 * Inner signatures must be re-signed before outer ones (the outer digest covers them).
 */
export function resignWithHmac(el: Element, keyText: string, algorithm: string): void {
  const parts = signatureParts(el);
  setText(parts.digestValue, referenceDigest(el));
  childElement(parts.signedInfo, NS_DS, 'SignatureMethod')!.setAttribute('Algorithm', algorithm);
  const keyInfo = childElement(parts.signature, NS_DS, 'KeyInfo');
  if (keyInfo) parts.signature.removeChild(keyInfo);
  const hash = algorithm === HMAC_SHA1 ? 'sha1' : 'sha256';
  setText(parts.signatureValue, createHmac(hash, keyText).update(exclusiveC14n(parts.signedInfo)).digest('base64'));
}
