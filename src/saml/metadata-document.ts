import { NomosPortalConfigError } from '../errors/index.js';
import type { IdpMetadata } from './idp-metadata.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { verifiedMetadataXml } from './metadata-signature.js';
import { parseWellFormedXml } from './xml-document.js';
import { MD_NS } from './xml-namespaces.js';

/** A metadata document that passed every check, with the date it stops being valid (if it says). */
export interface TakenMetadata extends IdpMetadata {
  validUntil?: Date;
}

/** What a document must satisfy besides being IdP metadata. */
export interface MetadataExpectations {
  /** The entity the SP trusts; a document for another one is not taken. @default any */
  entityId?: string;
  /** Pinned certificate the document must be signed with. @default no signature required */
  signingCert?: string;
  /** @default new Date() */
  now?: Date;
}

/**
 * Checks a metadata document (from the URL or the last good copy) before anything of it is
 * trusted: signed by the pinned certificate when one is set, well-formed IdP metadata, for the
 * expected entity, and not past its `validUntil`.
 * @param setting what messages start with, e.g. `saml.idp.metadataUrl (https://…)`
 * @throws NomosPortalConfigError with one line naming `setting` and the reason
 */
export function takeMetadata(xml: string, setting: string, expect: MetadataExpectations = {}): TakenMetadata {
  const fail = (problem: string): never => {
    throw new NomosPortalConfigError(`${setting} ${problem}`);
  };
  let text = xml;
  if (expect.signingCert) {
    try {
      text = verifiedMetadataXml(xml, expect.signingCert);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const metadata = parseIdpMetadata(text, setting);
  if (expect.entityId !== undefined && metadata.entityId !== expect.entityId)
    fail(`is for entity ${JSON.stringify(metadata.entityId)}, not ${JSON.stringify(expect.entityId)}`);
  const validUntil = earliestValidUntil(text, fail);
  const now = expect.now ?? new Date();
  if (validUntil && validUntil.getTime() <= now.getTime())
    fail(`expired: its validUntil ${validUntil.toISOString()} has passed`);
  return { ...metadata, validUntil };
}

/** The earliest `validUntil` on the root, the IdP's EntityDescriptor or its IDPSSODescriptor. */
function earliestValidUntil(xml: string, fail: (problem: string) => never): Date | undefined {
  const root = parseWellFormedXml(xml, { refuseWarnings: true })?.documentElement;
  if (!root) return undefined;
  const entity =
    root.localName === 'EntityDescriptor'
      ? root
      : (root.getElementsByTagNameNS(MD_NS, 'EntityDescriptor')[0] as Element | undefined);
  const idp: Element | undefined = entity?.getElementsByTagNameNS(MD_NS, 'IDPSSODescriptor')[0];
  let earliest: Date | undefined;
  for (const element of [root, entity, idp]) {
    const value = element?.getAttribute('validUntil');
    if (!value) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
      fail(`has a validUntil that is not a date: ${JSON.stringify(value.slice(0, 40))}`);
    if (!earliest || date < earliest) earliest = date;
  }
  return earliest;
}
