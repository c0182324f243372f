import type { OnModuleDestroy } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { IdpMetadataFreshness } from '../telemetry/index.js';
import { registerCertificateExpiries } from '../telemetry/index.js';
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
export class SamlCertificatesService implements OnModuleDestroy {
  // Feeds the `nomos_portal.saml.certificate.days_left` gauge while the module runs.
  private readonly unobserve = registerCertificateExpiries(() => this.expiries());

  constructor(private readonly source: IdpMetadataSource) {}

  onModuleDestroy(): void {
    this.unobserve();
  }

  /** How current the IdP metadata in use is (for the health check). */
  metadataFreshness(): IdpMetadataFreshness {
    return this.source.freshness();
  }

  /** Every readable certificate, in the order: IdP signing, SP signing, SP decryption, metadata signing. */
  expiries(): SamlCertificateExpiry[] {
    return this.source.expiries();
  }

  /** The certificates that expire within `ms` from `now` (or have expired). */
  expiringWithin(ms: number, now = new Date()): SamlCertificateExpiry[] {
    return this.expiries().filter((cert) => cert.notAfter.getTime() - now.getTime() <= ms);
  }
}
