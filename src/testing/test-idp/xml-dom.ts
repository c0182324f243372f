import { randomUUID } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';

/** SAML 2.0 protocol namespace. */
export const NS_SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
/** SAML 2.0 assertion namespace. */
export const NS_SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** XML-DSig namespace. */
export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * Parses XML strictly: any parser warning or error throws, so a tamper helper never works on a
 * document the parser silently repaired.
 * @throws Error on malformed XML.
 */
export function parseXml(xml: string): Document {
  const fail = (msg: string) => {
    throw new Error(`XML parse error: ${msg}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    xml,
    'text/xml',
  );
  if (!doc?.documentElement) throw new Error('XML parse error: no document element');
  return doc;
}

/** Serializes a document or node back to text. */
export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

/** Element children of `parent` in document order. */
export function childElements(parent: Node): Element[] {
  return Array.from(parent.childNodes as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);
}

/** Descendant elements with a namespace and local name, in document order. */
export function elementsByName(root: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName) as ArrayLike<Element>);
}

/**
 * The single descendant element with this name.
 * @throws Error when there is none or more than one.
 */
export function onlyElement(root: Document | Element, ns: string, localName: string): Element {
  const found = elementsByName(root, ns, localName);
  if (found.length !== 1) throw new Error(`Expected exactly one ${localName}, found ${found.length}`);
  return found[0];
}

/** The direct child element with this name, if any. */
export function childElement(parent: Node, ns: string, localName: string): Element | undefined {
  return childElements(parent).find((el) => el.namespaceURI === ns && el.localName === localName);
}

/** Replaces all children of an element with one text node. */
export function setText(el: Element, text: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument.createTextNode(text));
}

/** A fresh SAML ID (an NCName, as xs:ID requires). */
export function newSamlId(): string {
  return `_${randomUUID()}`;
}
