import { inflateRawSync } from 'node:zlib';

/**
 * The `ID` of the AuthnRequest in a redirect URL node-saml has just built (HTTP-Redirect binding:
 * deflated, base64, in `SAMLRequest`). Our own output, so a plain read of the root's attribute.
 * @throws Error when the URL carries no AuthnRequest id (a node-saml change; fails the login loudly)
 */
export function authnRequestIdOf(redirectUrl: string): string {
  const encoded = new URL(redirectUrl).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(encoded, 'base64'), { maxOutputLength: 1 << 20 }).toString('utf8');
  const id = /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:[\w.-]+:)?AuthnRequest\b[^>]*?\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error('node-saml built an AuthnRequest without an ID');
  return id;
}
