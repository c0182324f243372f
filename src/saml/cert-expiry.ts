import type { LoggerService } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';

/** What a certificate the SAML part relies on is used for. */
export type SamlCertificateUse = 'idp-signing' | 'sp-signing' | 'sp-decryption' | 'metadata-signing';

/** One certificate the SAML part trusts or publishes, and when it stops being valid. */
export interface SamlCertificateExpiry {
  use: SamlCertificateUse;
  /** The certificate's subject, e.g. `CN=Microsoft Azure Federated SSO Certificate`. */
  subject: string;
  /** SHA-256 fingerprint, colon-separated hex (as IdP admin pages show it). */
  fingerprint: string;
  notAfter: Date;
}

/** The certificates to report: the IdP's signing ones, the SP's own, the metadata signer. */
export interface SamlCertificateSet {
  idpCerts: string[];
  spSigningCert?: string;
  spDecryptionCert?: string;
  metadataSigningCert?: string;
}

/** Expiry of every readable certificate in `set` (PEM or bare base64); unreadable ones are left out. */
export function certificateExpiries(set: SamlCertificateSet): SamlCertificateExpiry[] {
  const entries: Array<[SamlCertificateUse, string | undefined]> = [
    ...set.idpCerts.map((cert): [SamlCertificateUse, string] => ['idp-signing', cert]),
    ['sp-signing', set.spSigningCert],
    ['sp-decryption', set.spDecryptionCert],
    ['metadata-signing', set.metadataSigningCert],
  ];
  return entries.flatMap(([use, cert]) => {
    const x509 = cert === undefined ? undefined : readCertificate(cert);
    if (!x509) return [];
    return [
      {
        use,
        subject: x509.subject.replace(/\n/g, ', '),
        fingerprint: x509.fingerprint256,
        notAfter: new Date(x509.validTo),
      },
    ];
  });
}

function readCertificate(cert: string): X509Certificate | undefined {
  try {
    return cert.includes('BEGIN CERTIFICATE')
      ? new X509Certificate(cert)
      : new X509Certificate(Buffer.from(cert.replace(/\s+/g, ''), 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * Logs one warning per certificate that expires within `windowMs` (or has expired), naming its
 * use, subject, fingerprint and date, so an operator can rotate it before sign-in breaks.
 */
export function warnExpiringCertificates(
  expiries: SamlCertificateExpiry[],
  logger: Pick<LoggerService, 'warn'>,
  windowMs: number,
  now = new Date(),
): void {
  for (const cert of expiries) {
    const left = cert.notAfter.getTime() - now.getTime();
    if (left > windowMs) continue;
    const when = left <= 0 ? 'expired on' : `expires in ${Math.ceil(left / 86_400_000)} day(s), on`;
    logger.warn(
      `SAML ${cert.use} certificate ${cert.subject} (SHA-256 ${cert.fingerprint}) ${when} ` +
        `${cert.notAfter.toISOString()}: ${ADVICE[cert.use]}`,
    );
  }
}

const ADVICE: Record<SamlCertificateUse, string> = {
  'idp-signing': 'the IdP must publish its next signing certificate before then',
  'sp-signing': 'replace saml.sp.signingKey/signingCert and give the IdP the new certificate',
  'sp-decryption': 'replace saml.sp.decryptionKey/decryptionCert and give the IdP the new certificate',
  'metadata-signing': "pin the IdP's next metadata signing certificate in saml.idp.metadataSigningCert",
};
