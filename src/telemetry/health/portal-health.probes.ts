/** How current the IdP metadata in use is. */
export interface IdpMetadataFreshness {
  /** `url`: read from `saml.idp.metadataUrl` and refreshed; `document`: given in the options. */
  source: 'url' | 'document';
  /** When the IdP last confirmed the document in use (a 200 or a 304), or when it was given. */
  confirmedAt: Date;
  /** The document's own `validUntil`, when it has one. */
  validUntil?: Date;
  /** The refresh interval in force (ms). */
  refreshMs: number;
}

/** A certificate sign-in depends on, as the health check reads it. */
export interface HealthCertificate {
  use: string;
  subject: string;
  fingerprint: string;
  notAfter: Date;
}

/**
 * What the health indicator checks, handed in by the module's wiring so that telemetry imports no
 * other part. Each probe does a small, bounded piece of work.
 */
export interface PortalHealthProbes {
  /** Resolves when the module's database answers `SELECT 1`. */
  database(): Promise<void>;
  /** Resolves when the Nomos client holds a valid access token (cached, or from one token request); never a mint. */
  nomosToken(): Promise<void>;
  /** The SAML part's IdP, when SSO is SAML. */
  saml?: {
    metadata(): IdpMetadataFreshness;
    certificates(): HealthCertificate[];
  };
}

/** Token of the {@link PortalHealthProbes} the module provides. */
export const PORTAL_HEALTH_PROBES = Symbol('NOMOS_PORTAL_HEALTH_PROBES');
