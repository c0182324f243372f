import samlify from 'samlify';
import { certPem } from './test-keys.js';
import type { TestIdpSpMetadata, TestIdpSpValues } from './test-idp.types.js';

/** The SP as the test IdP uses it: explicit values, certificates as PEM. */
export type ResolvedSp = TestIdpSpValues;

/**
 * Resolves the SP from explicit values or from its metadata XML, read by samlify's SP metadata parser
 * (so the test also proves a second implementation understands the SP's metadata).
 * @throws Error when the metadata lacks an entity id or an HTTP-POST ACS.
 */
export function resolveSp(sp: TestIdpSpValues | TestIdpSpMetadata): ResolvedSp {
  if (!('metadataXml' in sp)) {
    return {
      ...sp,
      encryptCert: sp.encryptCert ? certPem(sp.encryptCert) : undefined,
      spSigningCert: sp.spSigningCert ? certPem(sp.spSigningCert) : undefined,
    };
  }
  const meta = samlify.SPMetadata(sp.metadataXml);
  // samlify's metadata getters take its short binding names ('post', 'redirect'), not the URNs.
  const entityId = meta.getEntityID();
  const acsUrl = first(meta.getAssertionConsumerService('post'));
  if (!entityId || !acsUrl) throw new Error('SP metadata needs an entityID and an HTTP-POST AssertionConsumerService');
  // The first certificate of each use: enough for a test SP (an SP rotating its own keys lists several).
  const signing = first(meta.getX509Certificate('signing'));
  const encryption = first(meta.getX509Certificate('encryption'));
  const slo = meta.getSingleLogoutService('redirect');
  const sloPost = meta.getSingleLogoutService('post');
  return {
    entityId,
    acsUrl,
    sloUrl: typeof slo === 'string' ? slo : typeof sloPost === 'string' ? sloPost : undefined,
    encryptCert: encryption ? certPem(encryption) : undefined,
    spSigningCert: signing ? certPem(signing) : undefined,
    authnRequestsSigned: meta.isAuthnRequestSigned(),
  };
}

function first(value: string | string[] | undefined | null): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' && one.trim() !== '' ? one.trim() : undefined;
}
