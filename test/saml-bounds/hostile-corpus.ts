/**
 * Hostile SAML inputs for the bounds tests and `npm run bench:hostile`: compression bombs, deep
 * nesting, huge attribute and namespace counts, DOCTYPE entity expansion, oversize and non-base64
 * bodies. Free of Jest, so the bench can use it.
 */
import { deflateRawSync } from 'node:zlib';
import { encodeRedirect, RSA_SHA256, idpKey } from '../../src/testing/index.js';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** A plausible LogoutRequest root with `inner` as extra content. */
export function logoutRequestXml(destination: string, issuer: string, inner = ''): string {
  return (
    `<samlp:LogoutRequest xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_hostile${Date.now()}" Version="2.0" ` +
    `IssueInstant="${new Date().toISOString()}" Destination="${destination}"><saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:NameID>alice@corp.example</saml:NameID>${inner}</samlp:LogoutRequest>`
  );
}

/** A plausible login Response root with `inner` as extra content. */
export function responseXml(inner = ''): string {
  return (
    `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_hostile" Version="2.0" ` +
    `IssueInstant="${new Date().toISOString()}">${inner}</samlp:Response>`
  );
}

/** The shapes of hostile XML, each as content inside a message root (or a whole prologue). */
export const hostileXml = {
  /** A comment of `bytes` characters: deflates ~1000:1, the compression bomb. */
  bomb: (wrap: (inner: string) => string, bytes = 20_000_000) => wrap(`<!--${'x'.repeat(bytes)}-->`),
  deepNesting: (wrap: (inner: string) => string, depth = 5000) => wrap(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`),
  manyElements: (wrap: (inner: string) => string, count = 20_000) => wrap('<a/>'.repeat(count)),
  manyAttributes: (wrap: (inner: string) => string, count = 5000) =>
    wrap(`<a ${Array.from({ length: count }, (_, i) => `a${i}="1"`).join(' ')}/>`),
  manyNamespaces: (wrap: (inner: string) => string, count = 2000) =>
    wrap(`<a ${Array.from({ length: count }, (_, i) => `xmlns:p${i}="urn:x:${i}"`).join(' ')}/>`),
  /** The billion-laughs DOCTYPE in front of the message. */
  entityExpansion: (wrap: (inner: string) => string) => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    return `<!DOCTYPE r [<!ENTITY l0 "lol">${levels}]>${wrap('<a>&l9;</a>')}`;
  },
};

/** A form value that is a run of line breaks then one bad character (quadratic for a naive regex). */
export const lineBreakRun = (length = 30_000) => `A${'\n'.repeat(length)}!`;

/** Base64 of some XML (the HTTP-POST binding's encoding). */
export const base64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/**
 * An HTTP-Redirect URL carrying `xml` (deflated, so a bomb stays small), signed with a committed
 * key: `'A'` is the IdP's own (a correctly signed message), `'attacker'` a forged signature.
 */
export function redirectMessage(
  endpoint: string,
  xml: string,
  key: 'A' | 'attacker' | 'unsigned',
  param: 'SAMLRequest' | 'SAMLResponse' = 'SAMLRequest',
): string {
  return encodeRedirect({
    endpoint,
    param,
    xml,
    key: key === 'unsigned' ? undefined : idpKey(key).key,
    sigAlg: RSA_SHA256,
  });
}

/** The deflated size of `xml`, to show how small a bomb travels. */
export const deflatedBytes = (xml: string) => deflateRawSync(Buffer.from(xml, 'utf8')).length;
