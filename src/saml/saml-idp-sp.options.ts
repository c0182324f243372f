import type { SamlIdpMetadataUrlOptions } from './metadata-url.options.js';

/** The identity provider, from its metadata XML or from explicit values (explicit values win). */
export interface SamlIdpOptions extends SamlIdpMetadataUrlOptions {
  /** The IdP's SAML metadata XML (entity id, SSO/SLO endpoints, every signing certificate). */
  metadataXml?: string;
  /** Path of a file holding that metadata XML. */
  metadataFile?: string;
  /** IdP entity id; responses must be issued by it. @default from the metadata */
  entityId?: string;
  /** SSO endpoint (HTTP-Redirect binding) that receives AuthnRequests. @default from the metadata */
  ssoUrl?: string;
  /** Single logout endpoint (HTTP-Redirect binding); without it, logout is local only. @default from the metadata */
  sloUrl?: string;
  /** IdP signing certificates (PEM or bare base64). More than one during a rotation. @default from the metadata */
  certs?: string[];
  /**
   * Other exact Issuer values the IdP uses on its logout messages, besides `entityId`. Microsoft Entra ID
   * signs LogoutResponses as `https://login.microsoftonline.com/<tenant>/` while its entity id is
   * `https://sts.windows.net/<tenant>/`. Logout messages must still carry the IdP's signature; assertions
   * are always matched against `entityId` alone. At most 10, no wildcards.
   * @default []
   * @example ['https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/']
   */
  logoutIssuers?: string[];
}

/** This app as a SAML service provider. */
export interface SamlSpOptions {
  /** SP entity id (the audience the IdP must address). Required. @example 'https://intranet.corp.example/saml' */
  entityId: string;
  /** Public origin of the app, used for the ACS and logout URLs. Required. @example 'https://intranet.corp.example' */
  baseUrl: string;
  /** PEM private key; when set, AuthnRequests and logout messages are signed (RSA-SHA256 by default). @default none */
  signingKey?: string;
  /** PEM certificate of `signingKey`, published in the SP metadata. @default none */
  signingCert?: string;
  /** PEM private key that decrypts encrypted assertions. @default none */
  decryptionKey?: string;
  /** PEM certificate of `decryptionKey`, published in the SP metadata for the IdP to encrypt to. @default none */
  decryptionCert?: string;
}

export type { SamlAttributeOptions } from './saml-attributes.options.js';
