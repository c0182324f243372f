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

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

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
  let namespaces = 0;
  let rootDone = false;
  const uris = new Set<string>();
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
    } else if (s.charCodeAt(lt + 1) === 33 /* ! */) {
      throw reject(`${what} contains a markup declaration`);
    } else if (s.charCodeAt(lt + 1) === 63 /* ? */) {
      throw reject(`${what} contains a processing instruction`);
    } else if (s.charCodeAt(lt + 1) === SLASH) {
      const end = s.indexOf('>', lt + 2);
      if (end < 0 || --depth < 0) throw malformed();
      if (depth === 0) rootDone = true;
      i = end + 1;
    } else {
      if (rootDone) throw malformed();
      count();
      let k = lt + 1;
      while (k < n && !isSpace(s.charCodeAt(k)) && s.charCodeAt(k) !== SLASH && s.charCodeAt(k) !== GT) k++;
      if (k === lt + 1) throw malformed();
      let attributes = 0;
      let closed = false;
      for (;;) {
        while (k < n && isSpace(s.charCodeAt(k))) k++;
        if (k >= n) throw malformed();
        const c = s.charCodeAt(k);
        if (c === GT) {
          k++;
          break;
        }
        if (c === SLASH) {
          if (s.charCodeAt(k + 1) !== GT) throw malformed();
          closed = true;
          k += 2;
          break;
        }
        const nameStart = k;
        while (
          k < n &&
          !isSpace(s.charCodeAt(k)) &&
          s.charCodeAt(k) !== EQ &&
          s.charCodeAt(k) !== GT &&
          s.charCodeAt(k) !== SLASH
        )
          k++;
        const name = s.slice(nameStart, k);
        while (k < n && isSpace(s.charCodeAt(k))) k++;
        if (name === '' || s.charCodeAt(k) !== EQ) throw malformed();
        k++;
        while (k < n && isSpace(s.charCodeAt(k))) k++;
        const quote = s.charCodeAt(k);
        if (quote !== 34 && quote !== 39) throw malformed();
        const valueEnd = s.indexOf(quote === 34 ? '"' : "'", k + 1);
        if (valueEnd < 0) throw malformed();
        for (let p = k + 1; p < valueEnd; p++) if (s.charCodeAt(p) === LT) throw malformed();
        if (++attributes > limits.maxAttributesPerElement) {
          throw reject(`${what} has an element with more than ${limits.maxAttributesPerElement} attributes`);
        }
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          if (++namespaces > limits.maxNamespaceDeclarations) {
            throw reject(`${what} has more than ${limits.maxNamespaceDeclarations} namespace declarations`);
          }
          // Only the (short) URI is kept; a long one is refused rather than stored.
          if (valueEnd - k > 512) throw reject(`${what} declares a namespace URI longer than 512 characters`);
          uris.add(s.slice(k + 1, valueEnd));
          if (uris.size > limits.maxNamespaceUris)
            throw reject(`${what} declares more than ${limits.maxNamespaceUris} namespaces`);
        }
        k = valueEnd + 1;
      }
      if (closed) {
        if (depth === 0) rootDone = true;
      } else if (++depth > limits.maxDepth) {
        throw reject(`${what} nests elements deeper than ${limits.maxDepth}`);
      }
      i = k;
    }
  }
  if (depth !== 0 || !rootDone) throw malformed();
}
