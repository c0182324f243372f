import { readFileSync } from 'node:fs';
import { NomosPortalConfigError } from '../errors/index.js';
import { parseWellFormedXml } from './xml-document.js';
import { DS_NS as DS, MD_NS as MD } from './xml-namespaces.js';

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** What the SP needs from an IdP's metadata. */
export interface IdpMetadata {
  entityId: string;
  ssoUrl?: string;
  sloUrl?: string;
  /** Every signing certificate, bare base64 (rotation publishes two). */
  certs: string[];
}

/** Why a file cannot be read, in words, by errno code. */
const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not readable by this process (permission denied)',
  EPERM: 'is not readable by this process (permission denied)',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'has a path part that is not a directory',
  ELOOP: 'is a symbolic link loop',
};

/**
 * Reads `saml.idp.metadataFile` (UTF-8, or UTF-16 with a byte-order mark as Windows tools save it).
 * @returns the XML and the setting name to use in the messages of {@link parseIdpMetadata}
 * @throws NomosPortalConfigError, one line naming the setting, its variable, the path and the reason
 */
export function readMetadataFile(path: string): { xml: string; setting: string } {
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new NomosPortalConfigError(
      `saml.idp.metadataFile cannot be read: ${shown} ${READ_PROBLEMS[code] ?? 'cannot be opened'} (${code}). ` +
        `Set saml.idp.metadataFile (SAML_IDP_METADATA_FILE) to the IdP's metadata XML file.`,
    );
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const xml = (utf16 ? bytes.toString('utf16le') : bytes.toString('utf8')).replace(/^\uFEFF/, '');
  return { xml, setting: `saml.idp.metadataFile (SAML_IDP_METADATA_FILE, ${shown})` };
}

/**
 * Reads IdP metadata XML (Entra ID, Okta, ADFS, Keycloak… all publish one).
 * @param setting what the messages name, e.g. `saml.idp.metadataXml`
 * @throws NomosPortalConfigError naming the setting when it is not usable (one line, no XML quoted).
 */
export function parseIdpMetadata(xml: string, setting = 'saml.idp.metadataXml'): IdpMetadata {
  const fail = (problem: string): never => {
    throw new NomosPortalConfigError(`${setting} ${problem}`);
  };
  // Metadata is configuration, but may come from a URL someone else controls: no DTDs.
  if (xml.trim() === '') fail('is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) fail('must not contain a DOCTYPE or entity declarations');
  // Warnings too: xmldom only warns about unclosed elements, i.e. a truncated download.
  const root = parseWellFormedXml(xml, { refuseWarnings: true })?.documentElement;
  if (!root) fail('is not well-formed XML (is it the metadata document, complete?)');
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
    elements(idp!, MD, name)
      .find((e) => e.getAttribute('Binding') === REDIRECT)
      ?.getAttribute('Location') || undefined;
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
