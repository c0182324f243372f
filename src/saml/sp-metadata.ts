import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { MD_NS as MD } from './xml-namespaces.js';

/** The bindings `…/logout` accepts IdP messages on (GET: HTTP-Redirect, POST: HTTP-POST), preferred first. */
export const ACCEPTED_LOGOUT_BINDINGS = [
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
] as const;

/**
 * Rewrites the `SingleLogoutService` elements of SP metadata (our own, trusted XML) to exactly one
 * per binding in `bindings`, all at the Location node-saml wrote, in the schema's position.
 */
export function withLogoutBindings(metadataXml: string, bindings: readonly string[]): string {
  const doc = new DOMParser().parseFromString(metadataXml, 'text/xml');
  const existing = Array.from(doc.getElementsByTagNameNS(MD, 'SingleLogoutService') as unknown as ArrayLike<Element>);
  const first = existing[0];
  if (!first) return metadataXml;
  const parent = first.parentNode!;
  for (const binding of bindings) {
    const service = first.cloneNode(false) as Element;
    service.setAttribute('Binding', binding);
    parent.insertBefore(service, first);
  }
  for (const old of existing) parent.removeChild(old);
  return new XMLSerializer().serializeToString(doc);
}
