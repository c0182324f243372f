/**
 * Attacks on a signed SAMLResponse, one per function, for SP tests (issue 3, acceptance point 2).
 * Each takes the response as base64 (the form value) or XML and returns a new base64 value; the
 * ones that need the IdP to sign something hostile live in `tamper-signed.ts` and are re-exported.
 */
import { HMAC_SHA256, referenceDigest, resignWithHmac, signatureParts } from './tamper-crypto.js';
import {
  assertionOf,
  editResponse,
  EVIL_NAME_ID,
  evilTwin,
  removeSignatures,
  setAttributeValues,
  setNameId,
  signatureOf,
  toBase64,
  toXml,
} from './tamper-dom.js';
import { childElement, elementsByName, NS_DS, NS_SAMLP, setText } from '../../../src/testing/test-idp/xml-dom.js';

export { EVIL_NAME_ID } from './tamper-dom.js';
export { HMAC_SHA1, HMAC_SHA256 } from './tamper-crypto.js';
export { appendForgedAssertionToSignedErrorResponse, nameIdWithComment } from './tamper-signed.js';

/** Removes every signature: an unsigned Response with an unsigned Assertion. */
export function stripSignatures(saml: string): string {
  return editResponse(saml, (doc) => removeSignatures(doc));
}

/**
 * Changes an attribute's values after signing (the signatures stay, now wrong). Defaults: `groups` →
 * `['staff', 'portal-admins']`.
 */
export function changeAttributeAfterSigning(
  saml: string,
  name = 'groups',
  values = ['staff', 'portal-admins'],
): string {
  return editResponse(saml, (_doc, response) => setAttributeValues(assertionOf(response), name, values));
}

/** Changes the NameID after signing. @default mallory@evil.example */
export function changeNameIdAfterSigning(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (_doc, response) => setNameId(assertionOf(response), nameId));
}

/** Signature wrapping: an unsigned evil assertion inserted before the signed one. */
export function wrapWithUnsignedAssertionBefore(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (_doc, response) => {
    const signed = assertionOf(response);
    response.insertBefore(evilTwin(signed, nameId), signed);
  });
}

/** Signature wrapping: an unsigned evil assertion appended after the signed one. */
export function wrapWithUnsignedAssertionAfter(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (_doc, response) => {
    const signed = assertionOf(response);
    response.insertBefore(evilTwin(signed, nameId), signed.nextSibling);
  });
}

/**
 * Signature wrapping: the signed assertion moved into a `samlp:Extensions` element (where a
 * signature check may still find it by ID), and in its place a copy claiming another user that
 * keeps the same ID and a byte-for-byte copy of the original signature.
 */
export function moveSignedAssertionIntoExtensions(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (doc, response) => {
    const signed = assertionOf(response);
    const evil = signed.cloneNode(true) as Element;
    setNameId(evil, nameId);
    response.replaceChild(evil, signed);
    const extensions = doc.createElementNS(NS_SAMLP, 'samlp:Extensions');
    extensions.appendChild(signed);
    // Schema order: Issuer, Signature, Extensions, Status.
    response.insertBefore(extensions, childElement(response, NS_SAMLP, 'Status') ?? null);
  });
}

/**
 * Content changed (NameID), then a second SignedInfo — with the digest of the changed content —
 * added after the genuine one in each signature.
 */
export function duplicateSignedInfo(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (_doc, response) => {
    const assertion = assertionOf(response);
    setNameId(assertion, nameId);
    for (const el of signedOf(assertion, response)) {
      const { signature, signedInfo } = signatureParts(el);
      const forged = signedInfo.cloneNode(true) as Element;
      setText(elementsByName(forged, NS_DS, 'DigestValue')[0], referenceDigest(el));
      // Without its Transforms, so node-saml's "at most 2 transforms" check does not fire first and
      // the duplicate SignedInfo itself is what the verifier has to notice.
      for (const transforms of elementsByName(forged, NS_DS, 'Transforms'))
        transforms.parentNode!.removeChild(transforms);
      signature.insertBefore(forged, signedInfo.nextSibling);
    }
  });
}

/**
 * Content changed (NameID), and each DigestValue given a leading comment carrying the digest of the
 * changed content while its text keeps the genuine digest (so the SignedInfo still verifies). A
 * verifier that reads the first child of DigestValue (CVE-2025-29775) takes the comment.
 */
export function commentInDigestValue(saml: string, nameId = EVIL_NAME_ID): string {
  return editResponse(saml, (doc, response) => {
    const assertion = assertionOf(response);
    setNameId(assertion, nameId);
    for (const el of signedOf(assertion, response)) {
      const { digestValue } = signatureParts(el);
      digestValue.insertBefore(doc.createComment(referenceDigest(el)), digestValue.firstChild);
    }
  });
}

/**
 * Algorithm confusion: content changed (NameID), then every signature recomputed as an HMAC keyed
 * with the IdP's public certificate PEM text (which an SP holds as its verification key).
 * @param certPem the IdP certificate exactly as the SP is configured with it
 * @param algorithm SignatureMethod URI. @default HMAC-SHA256
 */
export function hmacWithPublicCert(
  saml: string,
  certPem: string,
  nameId = EVIL_NAME_ID,
  algorithm = HMAC_SHA256,
): string {
  return editResponse(saml, (_doc, response) => {
    const assertion = assertionOf(response);
    setNameId(assertion, nameId);
    for (const el of signedOf(assertion, response)) resignWithHmac(el, certPem, algorithm);
  });
}

/**
 * Adds a DOCTYPE with an internal entity declaration before the root. The signed content is
 * untouched unless `useEntity`, which also makes the (`saml:`-prefixed, as the TestIdp writes it)
 * NameID text a reference to the entity.
 */
export function addDoctype(saml: string, opts: { useEntity?: boolean } = {}): string {
  let xml = toXml(saml);
  if (opts.useEntity) xml = xml.replace(/(<saml:NameID[^>]*>)[^<]*(<\/saml:NameID>)/, '$1&who;$2');
  return toBase64(`<!DOCTYPE samlp:Response [<!ENTITY who "${EVIL_NAME_ID}">]>${xml}`);
}

/** A form value that is not base64 at all. */
export function garbage(): string {
  return '%%%not-base64<samlp:Response/>!!@@##';
}

/**
 * A base64 form value of at least `bytes` characters: the given response padded with a trailing
 * comment (signature intact), or filler XML.
 */
export function oversize(bytes: number, saml?: string): string {
  const xml = saml ? toXml(saml) : '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>';
  const padding = Math.max(0, Math.ceil((bytes * 3) / 4) - Buffer.byteLength(xml) + 8);
  return toBase64(`${xml}<!--${'x'.repeat(padding)}-->`);
}

/** The elements, inner first, that carry their own signature (outer digests cover inner signatures). */
function signedOf(assertion: Element, response: Element): Element[] {
  return [assertion, response].filter((el) => signatureOf(el) !== undefined);
}
