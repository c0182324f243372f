import { DOUBLE_QUOTE, EQ, GT, isSpace, LT, SINGLE_QUOTE, SLASH } from './xml-chars.js';

/** Longest namespace URI the preflight keeps (it only counts distinct URIs; a longer one is refused). */
const MAX_NAMESPACE_URI_CHARS = 512;

/**
 * What {@link scanStartTag} needs besides the text: the caps on one element and on the document's
 * namespaces, the counts so far (it updates them), and how to refuse.
 */
export interface StartTagScan {
  limits: { maxAttributesPerElement: number; maxNamespaceDeclarations: number; maxNamespaceUris: number };
  /** The message name used in reasons, e.g. `'SAMLResponse'`. */
  what: string;
  reject: (reason: string) => Error;
  malformed: () => Error;
  /** `xmlns` / `xmlns:p` declarations so far in the document. */
  namespaces: number;
  /** Distinct namespace URIs declared so far in the document. */
  uris: Set<string>;
}

/**
 * Reads the start tag whose `<` is at `lt` (already counted as a node): its name and attributes,
 * each `name="value"` or `name='value'` with no raw `<` in the value, against the per-element
 * attribute cap and the document's namespace caps. Linear in the tag's length.
 * @returns the index just after the tag's `>` and whether it closed itself (`/>`)
 */
export function scanStartTag(s: string, lt: number, scan: StartTagScan): { end: number; closed: boolean } {
  const { limits, what, reject, malformed } = scan;
  const n = s.length;
  let k = lt + 1;
  while (k < n && !isSpace(s.charCodeAt(k)) && s.charCodeAt(k) !== SLASH && s.charCodeAt(k) !== GT) k++;
  if (k === lt + 1) throw malformed();
  let attributes = 0;
  for (;;) {
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    if (k >= n) throw malformed();
    const c = s.charCodeAt(k);
    if (c === GT) return { end: k + 1, closed: false };
    if (c === SLASH) {
      if (s.charCodeAt(k + 1) !== GT) throw malformed();
      return { end: k + 2, closed: true };
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
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) throw malformed();
    const valueEnd = s.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", k + 1);
    if (valueEnd < 0) throw malformed();
    for (let p = k + 1; p < valueEnd; p++) if (s.charCodeAt(p) === LT) throw malformed();
    if (++attributes > limits.maxAttributesPerElement) {
      throw reject(`${what} has an element with more than ${limits.maxAttributesPerElement} attributes`);
    }
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (++scan.namespaces > limits.maxNamespaceDeclarations) {
        throw reject(`${what} has more than ${limits.maxNamespaceDeclarations} namespace declarations`);
      }
      // Only the (short) URI is kept; a long one is refused rather than stored.
      if (valueEnd - k > MAX_NAMESPACE_URI_CHARS) {
        throw reject(`${what} declares a namespace URI longer than ${MAX_NAMESPACE_URI_CHARS} characters`);
      }
      scan.uris.add(s.slice(k + 1, valueEnd));
      if (scan.uris.size > limits.maxNamespaceUris)
        throw reject(`${what} declares more than ${limits.maxNamespaceUris} namespaces`);
    }
    k = valueEnd + 1;
  }
}
