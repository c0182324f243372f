import {
  childElement,
  childElements,
  elementsByName,
  newSamlId,
  NS_DS,
  NS_SAML,
  NS_SAMLP,
  parseXml,
  serializeXml,
  setText,
} from '../../../src/testing/test-idp/xml-dom.js';

/** The user a forged message claims to be, unless a helper is told otherwise. */
export const EVIL_NAME_ID = 'mallory@evil.example';

/** Reads a SAMLResponse given as base64 (the form value) or as XML text. */
export function toXml(saml: string): string {
  const text = saml.trim();
  return text.startsWith('<') ? text : Buffer.from(text, 'base64').toString('utf8');
}

/** Base64 of XML text, as the `SAMLResponse` form value. */
export function toBase64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** Parses a SAMLResponse (base64 or XML), runs `edit` on its DOM, returns base64. */
export function editResponse(saml: string, edit: (doc: Document, response: Element) => void): string {
  const doc = parseXml(toXml(saml));
  const response = doc.documentElement;
  if (response.localName !== 'Response' || response.namespaceURI !== NS_SAMLP) throw new Error('Not a samlp:Response');
  edit(doc, response);
  return toBase64(serializeXml(doc));
}

/**
 * The Response's one direct-child Assertion.
 * @throws Error when there is none (e.g. an encrypted assertion) or several.
 */
export function assertionOf(response: Element): Element {
  const found = childElements(response).filter((el) => el.namespaceURI === NS_SAML && el.localName === 'Assertion');
  if (found.length !== 1) throw new Error(`Expected one plain Assertion, found ${found.length}`);
  return found[0];
}

/** The direct-child ds:Signature of an element, if signed. */
export function signatureOf(el: Element): Element | undefined {
  return childElement(el, NS_DS, 'Signature');
}

/** Sets the Subject NameID text of an assertion. */
export function setNameId(assertion: Element, nameId: string): void {
  const nameIds = elementsByName(assertion, NS_SAML, 'NameID');
  if (nameIds.length !== 1) throw new Error(`Expected one NameID, found ${nameIds.length}`);
  setText(nameIds[0], nameId);
}

/** Replaces the values of the named attribute (one AttributeValue per value). */
export function setAttributeValues(assertion: Element, name: string, values: string[]): void {
  const attribute = elementsByName(assertion, NS_SAML, 'Attribute').find((el) => el.getAttribute('Name') === name);
  if (!attribute) throw new Error(`No attribute ${name} to change`);
  const template = elementsByName(attribute, NS_SAML, 'AttributeValue')[0];
  for (const old of elementsByName(attribute, NS_SAML, 'AttributeValue')) attribute.removeChild(old);
  for (const value of values) {
    const el = template
      ? (template.cloneNode(false) as Element)
      : attribute.ownerDocument.createElementNS(NS_SAML, 'saml:AttributeValue');
    setText(el, value);
    attribute.appendChild(el);
  }
}

/** Removes every ds:Signature under (and including) `root`. */
export function removeSignatures(root: Document | Element): void {
  for (const signature of elementsByName(root, NS_DS, 'Signature')) signature.parentNode?.removeChild(signature);
}

/**
 * An unsigned copy of a signed assertion claiming another user, with a fresh ID: the classic
 * "evil twin" of signature-wrapping attacks.
 */
export function evilTwin(assertion: Element, nameId: string): Element {
  const evil = assertion.cloneNode(true) as Element;
  removeSignatures(evil);
  evil.setAttribute('ID', newSamlId());
  setNameId(evil, nameId);
  return evil;
}
