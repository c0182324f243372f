/** Enough base64 for an XML declaration, a comment-free root start tag and its first attributes. */
const SNIFF_BASE64_CHARS = 1024;
const LOGOUT_RESPONSE_ROOT = /^\uFEFF?\s*(?:<\?xml[^>]{0,200}\?>\s*)?<(?:[A-Za-z_][\w.-]{0,63}:)?LogoutResponse[\s/>]/;

/**
 * Whether a POST to the ACS carries a logout message rather than a login response. Keycloak, when
 * its client's "Master SAML Processing URL" is the ACS and no logout URL is set, sends both its
 * LogoutRequest and its LogoutResponse there ("Force POST binding" is on by default). A
 * `SAMLRequest` field is always a logout message here (an SP receives no other request by POST);
 * a `SAMLResponse` is one when its root element is a LogoutResponse, judged from the first few
 * hundred decoded bytes only. This only routes the message: the logout handling then applies
 * every check (size, shape, Destination = the ACS, Issuer, signature) and refuses anything else.
 */
export function isPostedLogoutMessage(body: Record<string, unknown>): boolean {
  if (body.SAMLRequest !== undefined) return true;
  const response = body.SAMLResponse;
  if (typeof response !== 'string') return false;
  const head = response.slice(0, SNIFF_BASE64_CHARS).replace(/\s+/g, '');
  const decoded = Buffer.from(head.slice(0, head.length - (head.length % 4)), 'base64').toString('utf8');
  return LOGOUT_RESPONSE_ROOT.test(decoded);
}
