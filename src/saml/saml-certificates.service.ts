import { Injectable } from '@nestjs/common';
import type { SamlCertificateExpiry } from './cert-expiry.js';
import { IdpMetadataSource } from './idp-metadata-source.js';

export type { SamlCertificateExpiry, SamlCertificateUse } from './cert-expiry.js';

/**
 * The certificates sign-in depends on and when each expires: every IdP signing certificate
 * trusted now (after the latest metadata refresh), the SP's signing and decryption certificates
 * and a pinned metadata signing certificate. For a health check or an operations page; the module
 * itself warns in the log 30 days ahead.
 * @example const soonest = certificates.expiries().sort((a, b) => +a.notAfter - +b.notAfter)[0];
 */
@Injectable()
export class SamlCertificatesService {
  constructor(private readonly source: IdpMetadataSource) {}

  /** Every readable certificate, in the order: IdP signing, SP signing, SP decryption, metadata signing. */
  expiries(): SamlCertificateExpiry[] {
    return this.source.expiries();
  }

  /** The certificates that expire within `ms` from `now` (or have expired). */
  expiringWithin(ms: number, now = new Date()): SamlCertificateExpiry[] {
    return this.expiries().filter((cert) => cert.notAfter.getTime() - now.getTime() <= ms);
  }
}
