import type { ResolvedSamlSettings } from '../../index.js';
import { certificateExpiries } from '../../saml/cert-expiry.js';
import type { SamlCertificateExpiry } from '../../saml/cert-expiry.js';
import { takeMetadata } from '../../saml/metadata-document.js';
import { fetchMetadata } from '../../saml/metadata-fetch.js';
import { metadataLabel, metadataProblem } from '../../saml/metadata-first-read.js';
import { METADATA_URL_DEFAULTS } from '../../saml/metadata-url.options.js';
import type { CheckLine } from './doctor-report.js';
import { fail, ok, warn } from './doctor-report.js';

const DAY_MS = 86_400_000;

const ROTATE: Record<SamlCertificateExpiry['use'], string> = {
  'idp-signing': 'ask the IdP admins to publish the next signing certificate (and update saml.idp)',
  'sp-signing': 'replace saml.sp.signingKey/signingCert and give the IdP the new certificate',
  'sp-decryption': 'replace saml.sp.decryptionKey/decryptionCert and give the IdP the new certificate',
  'metadata-signing': "pin the IdP's next metadata signing certificate in saml.idp.metadataSigningCert",
};

/** One line per certificate: ok, warn within 30 days of expiry, fail once expired. */
export function certificateLines(expiries: SamlCertificateExpiry[], now = Date.now()): CheckLine[] {
  return expiries.map((cert) => {
    const check = `cert ${cert.use}`;
    const leftMs = cert.notAfter.getTime() - now;
    const days = Math.floor(leftMs / DAY_MS);
    const what = `${cert.subject} (SHA-256 ${cert.fingerprint.slice(0, 23)}…)`;
    const until = cert.notAfter.toISOString();
    if (leftMs <= 0) return fail(check, `${what} expired on ${until}`, ROTATE[cert.use]);
    if (leftMs <= METADATA_URL_DEFAULTS.expiryWarningMs) {
      return warn(check, `${what} expires in ${days} day(s), on ${until}`, ROTATE[cert.use]);
    }
    return ok(check, `${what} valid for ${days} more day(s), until ${until}`);
  });
}

/**
 * The IdP checks: its metadata reachable and usable (read now from `saml.idp.metadataUrl`, or
 * already parsed from the file or XML while the options were resolved) and the expiry of every
 * certificate the SAML part relies on.
 */
export async function idpChecks(saml: ResolvedSamlSettings): Promise<CheckLine[]> {
  const { idp, sp } = saml;
  let idpCerts: string[];
  const lines: CheckLine[] = [];
  if (idp.metadataUrl) {
    const label = metadataLabel(idp.metadataUrl);
    try {
      const fetched = await fetchMetadata(idp.metadataUrl);
      if (!fetched.changed) throw new Error('answered 304 Not Modified to an unconditional request');
      const expect = { entityId: idp.entityId, signingCert: idp.metadataUrl.signingCert };
      const taken = takeMetadata(fetched.xml, label, expect);
      idpCerts = taken.certs;
      lines.push(ok('idp-metadata', `${label} read: ${taken.entityId}, ${taken.certs.length} signing certificate(s)`));
    } catch (error) {
      const fix = 'check the URL, that this host may reach the IdP, and saml.idp.metadataSigningCert / metadataCa';
      return [fail('idp-metadata', metadataProblem(error, label), fix)];
    }
  } else {
    idpCerts = idp.certs;
    lines.push(ok('idp-metadata', `configured IdP ${idp.entityId}: ${idp.certs.length} signing certificate(s)`));
  }
  const expiries = certificateExpiries({
    idpCerts,
    spSigningCert: sp.signingCert,
    spDecryptionCert: sp.decryptionCert,
    metadataSigningCert: idp.metadataUrl?.signingCert,
  });
  // Only the IdP's own lines count here: an unreadable IdP certificate must not hide behind a readable SP one.
  if (expiries.filter((cert) => cert.use === 'idp-signing').length < idpCerts.length) {
    lines.push(fail('cert idp-signing', 'an IdP signing certificate cannot be read as X.509', 'check saml.idp.certs'));
  }
  return [...lines, ...certificateLines(expiries)];
}
