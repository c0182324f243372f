import { BANG, isSpace, LT, QUESTION, SLASH } from './xml-chars.js';
import { scanStartTag, type StartTagScan } from './xml-start-tag.js';

/**
 * Fixed caps on the shape of a SAML message, checked by {@link preflightXml} before any DOM
 * parser, signature library or xml2js sees the text. Real messages stay far below them: a login
 * response nests about 10 deep, declares a few namespaces per element (Okta: 2 on every
 * AttributeValue) and has well under 1,000 elements even with hundreds of groups.
 */
export interface XmlShapeLimits {
  /** Longest text, in UTF-16 code units (a UTF-8 byte count bounds it from above). */
  maxChars: number;
  /** @default 32 */
  maxDepth: number;
  /** Elements, comments and CDATA sections together. @default 4096 */
  maxNodes: number;
  /** Attributes on one element, namespace declarations included. @default 32 */
  maxAttributesPerElement: number;
  /** `xmlns` / `xmlns:p` declarations in the whole document. @default 2048 */
  maxNamespaceDeclarations: number;
  /** Distinct namespace URIs declared in the whole document. @default 32 */
  maxNamespaceUris: number;
}

export const DEFAULT_XML_SHAPE: Omit<XmlShapeLimits, 'maxChars'> = Object.freeze({
  maxDepth: 32,
  maxNodes: 4096,
  maxAttributesPerElement: 32,
  maxNamespaceDeclarations: 2048,
  maxNamespaceUris: 32,
});

/**
 * One linear pass over the text (no regular expressions, no backtracking, no DOM): refuses a
 * DOCTYPE or any other markup declaration, processing instructions other than the leading XML
 * declaration, and anything over the caps. Not a full well-formedness check; the parser that
 * runs afterwards is, and only ever sees text within these bounds.
 * @param what the message name used in reasons, e.g. `'SAMLResponse'`
 * @param reject builds the error thrown (its reason is safe to log: never message content)
 */
export function preflightXml(
  xml: string,
  what: string,
  limits: XmlShapeLimits,
  reject: (reason: string) => Error,
): void {
  const s = xml;
  const n = s.length;
  if (n > limits.maxChars) throw reject(`${what} is larger than ${limits.maxChars} characters`);
  const malformed = () => reject(`${what} is not well-formed XML`);
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i >= n || s.charCodeAt(i) !== LT) throw reject(`${what} is not XML`);
  if (s.startsWith('<?xml', i) && (isSpace(s.charCodeAt(i + 5)) || s.startsWith('?>', i + 5))) {
    const end = s.indexOf('?>', i + 5);
    if (end < 0) throw malformed();
    i = end + 2;
  }
  let depth = 0;
  let nodes = 0;
  let rootDone = false;
  const tags: StartTagScan = { limits, what, reject, malformed, namespaces: 0, uris: new Set<string>() };
  const count = () => {
    if (++nodes > limits.maxNodes) throw reject(`${what} has more than ${limits.maxNodes} elements`);
  };
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      if (end < 0) throw malformed();
      count();
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9);
      if (end < 0 || depth === 0) throw malformed();
      count();
      i = end + 3;
    } else if (s.startsWith('<!DOCTYPE', lt)) {
      throw reject(`${what} contains a DOCTYPE`);
    } else if (s.charCodeAt(lt + 1) === BANG) {
      throw reject(`${what} contains a markup declaration`);
    } else if (s.charCodeAt(lt + 1) === QUESTION) {
      throw reject(`${what} contains a processing instruction`);
    } else if (s.charCodeAt(lt + 1) === SLASH) {
      const end = s.indexOf('>', lt + 2);
      if (end < 0 || --depth < 0) throw malformed();
      if (depth === 0) rootDone = true;
      i = end + 1;
    } else {
      if (rootDone) throw malformed();
      count();
      const tag = scanStartTag(s, lt, tags);
      if (tag.closed) {
        if (depth === 0) rootDone = true;
      } else if (++depth > limits.maxDepth) {
        throw reject(`${what} nests elements deeper than ${limits.maxDepth}`);
      }
      i = tag.end;
    }
  }
  if (depth !== 0 || !rootDone) throw malformed();
}
