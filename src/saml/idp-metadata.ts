import { DOMParser } from '@xmldom/xmldom';
import { NomosPortalConfigError } from '../nomos-portal.errors.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** What the SP needs from an IdP's metadata. */
export interface IdpMetadata {
  entityId: string;
  ssoUrl?: string;
  sloUrl?: string;
  /** Every signing certificate, bare base64 (rotation publishes two). */
  certs: string[];
}

/**
 * Reads IdP metadata XML (Entra ID, Okta, ADFS, Keycloak… all publish one).
 * @throws NomosPortalConfigError naming `saml.idp.metadataXml` when it is not usable.
 */
export function parseIdpMetadata(xml: string, setting = 'saml.idp.metadataXml'): IdpMetadata {
  const fail = (problem: string): never => {
    throw new NomosPortalConfigError(`${setting} ${problem}`);
  };
  // Metadata is configuration, but may come from a URL someone else controls: no DTDs.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) fail('must not contain a DOCTYPE or entity declarations');
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } })
    .parseFromString(xml, 'text/xml');
  const root = doc?.documentElement;
  if (errors.length > 0 || !root) fail('is not well-formed XML');
  const entity = root!.localName === 'EntityDescriptor' ? root! : first(root!, MD, 'EntityDescriptor');
  const idp = entity && first(entity, MD, 'IDPSSODescriptor');
  if (!entity || !idp) fail('has no EntityDescriptor with an IDPSSODescriptor');

  const certs = elements(idp!, MD, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => elements(key, DS, 'X509Certificate'))
    .map((cert) => (cert.textContent ?? '').replace(/\s+/g, ''))
    .filter((cert) => cert.length > 0);
  if (certs.length === 0) fail('lists no signing certificate');

  const endpoint = (name: string) =>
    elements(idp!, MD, name).find((e) => e.getAttribute('Binding') === REDIRECT)?.getAttribute('Location') || undefined;
  return {
    entityId: entity!.getAttribute('entityID') || fail('has no entityID'),
    ssoUrl: endpoint('SingleSignOnService'),
    sloUrl: endpoint('SingleLogoutService'),
    certs: [...new Set(certs)],
  };
}

function elements(parent: Element, ns: string, name: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);
}

function first(parent: Element, ns: string, name: string): Element | undefined {
  return elements(parent, ns, name)[0];
}
