import type { OnModuleDestroy } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { certificateExpiries, warnExpiringCertificates } from './cert-expiry.js';
import type { SamlCertificateExpiry } from './cert-expiry.js';
import type { LookupFunction } from './metadata-address.js';
import { takeMetadata } from './metadata-document.js';
import type { TakenMetadata } from './metadata-document.js';
import { fetchMetadata } from './metadata-fetch.js';
import type { MetadataValidators } from './metadata-fetch.js';
import { keepMetadataCopy, metadataLabel, metadataProblem, readFirstMetadata } from './metadata-first-read.js';
import { METADATA_URL_DEFAULTS } from './metadata-url.options.js';
import type { IdpMetadataFreshness } from '../telemetry/index.js';
import type { ResolvedSamlIdp, ResolvedSamlOptions, ResolvedSamlSettings } from './saml.options.js';

/**
 * The IdP as currently trusted. With `saml.idp.metadataUrl` it reads the metadata at start (or
 * the last good copy when the IdP cannot be reached) and again on an interval; a document that
 * cannot be fetched or fails a check is logged and the last good one stays in use, so sign-in
 * never breaks on a refresh. Certificates expiring within 30 days are warned about at start and
 * at each refresh. Each replica keeps its own copy and refreshes on its own.
 */
export class IdpMetadataSource implements OnModuleDestroy {
  private readonly logger = new Logger('NomosSamlMetadata');
  private timer?: NodeJS.Timeout;
  private current: TakenMetadata;
  private validators: MetadataValidators = {};
  private takenAt = new Date();
  // When the IdP last confirmed the document in use (200 or 304), for the health check's freshness.
  private confirmedAt = new Date();

  private constructor(
    private readonly settings: ResolvedSamlSettings,
    first: TakenMetadata,
    private readonly lookup?: LookupFunction,
  ) {
    this.current = first;
  }

  /**
   * @param lookup the SSRF guard's resolver (tests resolve names their own way) @default dns.lookup
   * @throws NomosPortalConfigError when a metadata URL gives no usable document and no last good copy is usable
   */
  static async start(settings: ResolvedSamlSettings, lookup?: LookupFunction): Promise<IdpMetadataSource> {
    const { idp } = settings;
    if (!idp.metadataUrl) {
      const source = new IdpMetadataSource(settings, idp);
      source.schedule(METADATA_URL_DEFAULTS.refreshMs);
      return source.checkExpiries();
    }
    const url = idp.metadataUrl;
    const expect = { entityId: idp.entityId, signingCert: url.signingCert, ssoUrl: idp.ssoUrl };
    const first = await readFirstMetadata(url, expect, new Logger('NomosSamlMetadata'), lookup);
    const source = new IdpMetadataSource(settings, first.taken, lookup);
    source.validators = first.validators;
    source.takenAt = first.takenAt;
    source.confirmedAt = first.takenAt;
    source.schedule(first.fresh ? url.refreshMs : Math.min(url.refreshMs, METADATA_URL_DEFAULTS.retryMs));
    return source.checkExpiries();
  }

  /**
   * The IdP settings the SAML part uses: explicit values over the metadata's. `certs` is read
   * live, so whoever reads it per message (node-saml's callback) sees each refresh.
   */
  get idp(): ResolvedSamlIdp {
    const { idp } = this.settings;
    const { current } = this;
    const resolved = {
      ...idp,
      entityId: idp.entityId ?? current.entityId,
      ssoUrl: idp.ssoUrl ?? current.ssoUrl ?? '',
      sloUrl: idp.sloUrl ?? current.sloUrl,
    };
    return Object.defineProperty(resolved, 'certs', { enumerable: true, get: () => this.certs() }) as ResolvedSamlIdp;
  }

  /** The settings every SAML provider reads ({@link SAML_OPTIONS}), with the IdP filled in. */
  options(): ResolvedSamlOptions {
    return { ...this.settings, idp: this.idp };
  }

  /** The signing certificates trusted now; a new array whenever a refresh changed them. */
  certs(): string[] {
    return this.current.certs;
  }

  /** Every certificate the SAML part trusts or publishes, with its expiry (for health checks). */
  expiries(): SamlCertificateExpiry[] {
    const { sp, idp } = this.settings;
    return certificateExpiries({
      idpCerts: this.certs(),
      spSigningCert: sp.signingCert,
      spDecryptionCert: sp.decryptionCert,
      metadataSigningCert: idp.metadataUrl?.signingCert,
    });
  }

  /** How current the document in use is: where it came from, when the IdP last confirmed it, its validUntil. */
  freshness(): IdpMetadataFreshness {
    const url = this.settings.idp.metadataUrl;
    return {
      source: url ? 'url' : 'document',
      confirmedAt: this.confirmedAt,
      validUntil: this.current.validUntil,
      refreshMs: url?.refreshMs ?? METADATA_URL_DEFAULTS.refreshMs,
    };
  }

  /**
   * Reads the metadata URL again (conditionally). Never throws: a failure is logged as a warning
   * and the last good document stays in use.
   * @returns whether the IdP answered with a usable document (or "not modified")
   */
  async refresh(): Promise<boolean> {
    const url = this.settings.idp.metadataUrl;
    if (!url) return true;
    const label = metadataLabel(url);
    let ok = true;
    try {
      const fetched = await fetchMetadata(url, this.validators, this.lookup);
      if (fetched.changed) {
        const expect = { entityId: this.idp.entityId, signingCert: url.signingCert };
        this.adopt(takeMetadata(fetched.xml, label, expect), label);
        this.validators = fetched.validators;
        await keepMetadataCopy(url, fetched.xml, fetched.validators, this.logger);
      }
      this.confirmedAt = new Date();
    } catch (error) {
      ok = false;
      const kept = `${this.takenAt.toISOString()} (${this.current.certs.length} signing certificate(s))`;
      this.logger.warn(`${metadataProblem(error, label)}; keeping the metadata read ${kept}`);
    }
    const until = this.current.validUntil;
    if (until && until.getTime() <= Date.now())
      this.logger.warn(`${label} in use expired on ${until.toISOString()} and no newer document was taken`);
    this.checkExpiries();
    return ok;
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private adopt(taken: TakenMetadata, label: string): void {
    const { idp } = this.settings;
    const moved = (['ssoUrl', 'sloUrl'] as const).filter(
      (key) => idp[key] === undefined && taken[key] !== this.current[key],
    );
    if (moved.length > 0) this.logger.warn(`${label} now names another ${moved.join(' and ')}: restart to use it`);
    const changed = taken.certs.join() !== this.current.certs.join();
    this.current = changed ? taken : { ...taken, certs: this.current.certs };
    this.takenAt = new Date();
    if (changed) this.logger.log(`${label} refreshed: now trusting ${taken.certs.length} IdP signing certificate(s)`);
  }

  private checkExpiries(): this {
    warnExpiringCertificates(this.expiries(), this.logger, METADATA_URL_DEFAULTS.expiryWarningMs);
    return this;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.refresh().then((ok) => {
        const url = this.settings.idp.metadataUrl;
        const every = url?.refreshMs ?? METADATA_URL_DEFAULTS.refreshMs;
        if (this.timer) this.schedule(ok ? every : Math.min(every, METADATA_URL_DEFAULTS.retryMs));
      });
    }, delayMs);
    // A refresh is never a reason to keep the process alive.
    this.timer.unref();
  }
}
