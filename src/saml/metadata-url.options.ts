/** Reading the IdP's metadata from its URL, and keeping it fresh (part of `saml.idp`). */
export interface SamlIdpMetadataUrlOptions {
  /**
   * The IdP's metadata URL (https; http only for localhost). Read at start and again every
   * `metadataRefreshMs`, so a rolled-over signing certificate is trusted without a restart. Instead
   * of `metadataXml` / `metadataFile` / `certs`.
   * @example 'https://login.microsoftonline.com/<tenant>/federationmetadata/2007-06/federationmetadata.xml?appid=<app>'
   */
  metadataUrl?: string;
  /** How often the metadata is read again. @default 43200000 (12 hours) */
  metadataRefreshMs?: number;
  /** Longest wait for the whole metadata answer. @default 10000 */
  metadataTimeoutMs?: number;
  /** Largest metadata document taken, in bytes. @default 1048576 (1 MiB) */
  metadataMaxBytes?: number;
  /**
   * PEM certificate that must have signed the metadata document (XML signature on its root);
   * documents without a valid signature by it are not taken. @default none (TLS alone vouches for it)
   */
  metadataSigningCert?: string;
  /**
   * PEM CA certificate(s) trusted for the metadata host, in addition to Node's public roots (an
   * AD FS behind the company's own CA). @default none
   */
  metadataCa?: string;
  /**
   * File that keeps the last good metadata document: read at start when the IdP cannot be reached,
   * written after each document taken. @default none (the last good copy lives in memory only)
   */
  metadataCacheFile?: string;
  /**
   * Allow a metadata host that resolves to a loopback, private, link-local, unique-local,
   * multicast or unspecified address (refused by default: server-side request forgery).
   * @default false
   */
  allowPrivateMetadataHosts?: boolean;
}

/** The metadata URL settings after defaults and validation. */
export interface ResolvedIdpMetadataUrl {
  url: string;
  refreshMs: number;
  timeoutMs: number;
  maxBytes: number;
  signingCert?: string;
  ca?: string;
  cacheFile?: string;
  allowPrivateHosts: boolean;
}

/** Defaults of the metadata URL settings. */
export const METADATA_URL_DEFAULTS = Object.freeze({
  refreshMs: 43_200_000,
  timeoutMs: 10_000,
  maxBytes: 1_048_576,
  /** After a failed refresh, the next try comes this soon (or at the normal interval, if sooner). */
  retryMs: 300_000,
  /** Certificates expiring within this are warned about. */
  expiryWarningMs: 30 * 86_400_000,
});
