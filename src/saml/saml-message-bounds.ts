import { inflateRawSync } from 'node:zlib';
import { DEFAULT_XML_SHAPE, preflightXml } from './xml-preflight.js';
import type { XmlShapeLimits } from './xml-preflight.js';

/**
 * Caps on a SAML logout message (either binding), whatever its content: logout messages are a
 * few kilobytes, so 64 KiB of XML leaves room for an encrypted NameID and long extensions.
 */
export const MAX_LOGOUT_XML_BYTES = 65_536;
/** Longest base64 text of a logout message: 64 KiB encoded, plus line breaks some IdPs insert. */
export const MAX_LOGOUT_BASE64_CHARS = 90_000;
/** Longest raw query string on the logout route (Node's own header limit is 16 KiB). */
export const MAX_REDIRECT_QUERY_CHARS = 16_384;
/** Longest decoded `Signature` of a redirect message: an RSA-8192 signature is 1,024 bytes. */
export const MAX_SIGNATURE_BYTES = 1024;
/** Longest login response XML: the ceiling of `saml.maxResponseBytes`, which the ACS guard applies first. */
export const MAX_RESPONSE_XML_BYTES = 10_485_760;

/**
 * Shape caps of a logout message. A signed LogoutRequest with an encrypted NameID has about 30
 * elements; 64 leaves room for extensions. node-saml's signature lookup on a POST message is an
 * XPath with a `descendant::` test per element (quadratic), so this cap is what keeps it cheap.
 */
export const LOGOUT_SHAPE: XmlShapeLimits = Object.freeze({
  ...DEFAULT_XML_SHAPE,
  maxChars: MAX_LOGOUT_XML_BYTES,
  maxNodes: 64,
  maxDepth: 16,
});

/**
 * Shape caps of a login response. Before its signature is known to be good, node-saml builds its
 * DOM and runs XPath over it, about 13 µs per element on a quiet core (measured by
 * `npm run bench:hostile`): 512 elements keep an unauthenticated ACS POST near 10 ms. A signed
 * response and assertion with ~470 values in its attributes fits; an IdP sending more (typically
 * every AD group unfiltered) must filter its claims.
 */
export const RESPONSE_SHAPE: XmlShapeLimits = Object.freeze({
  ...DEFAULT_XML_SHAPE,
  maxChars: MAX_RESPONSE_XML_BYTES,
  maxNodes: 512,
});

/**
 * Strict, linear base64 check (letters, digits, `+`, `/`, at most two trailing `=`; line breaks
 * and spaces tolerated), then decoding. A regular expression with overlapping classes would
 * backtrack quadratically on long runs of line breaks.
 * @throws the `reject` error: `'<what> is not base64'` or `'<what> is longer than N characters'`
 */
export function decodeBase64(
  value: unknown,
  what: string,
  maxChars: number,
  reject: (reason: string) => Error,
): Buffer {
  if (typeof value !== 'string' || value.length === 0) throw reject(`no ${what}`);
  if (value.length > maxChars) throw reject(`${what} is longer than ${maxChars} characters`);
  let significant = 0;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10 || c === 13 || c === 32 || c === 9) continue;
    const alphabet = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (c === 61) padding++;
    else if (!alphabet || padding > 0) throw reject(`${what} is not base64`);
    significant++;
  }
  if (padding > 2 || significant === 0 || significant % 4 === 1 || (padding > 0 && significant % 4 !== 0)) {
    throw reject(`${what} is not base64`);
  }
  return Buffer.from(value, 'base64');
}

/**
 * Decodes a base64 XML message within the caps and runs the XML preflight on it.
 * @returns the XML text, at most `shape.maxChars` bytes, shape-checked
 */
export function decodeXmlMessage(
  value: unknown,
  what: string,
  caps: { maxBase64Chars: number; shape: XmlShapeLimits },
  reject: (reason: string) => Error,
): string {
  const bytes = decodeBase64(value, what, caps.maxBase64Chars, reject);
  if (bytes.length > caps.shape.maxChars) throw reject(`${what} is larger than ${caps.shape.maxChars} bytes`);
  const xml = bytes.toString('utf8');
  preflightXml(xml, what, caps.shape, reject);
  return xml;
}

/**
 * Inflates an HTTP-Redirect message (raw DEFLATE) with zlib's own output cap, so a compression
 * bomb stops at `maxBytes` instead of filling memory; then the XML preflight.
 */
export function inflateXmlMessage(
  deflated: Buffer,
  what: string,
  shape: XmlShapeLimits,
  reject: (reason: string) => Error,
): string {
  const maxBytes = shape.maxChars;
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(deflated, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw reject(`${what} inflates to more than ${maxBytes} bytes`);
    throw reject(`${what} is not DEFLATE-compressed`);
  }
  const xml = inflated.toString('utf8');
  preflightXml(xml, what, shape, reject);
  return xml;
}
