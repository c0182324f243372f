/** SAML 2.0 protocol messages (`samlp:`): Response, LogoutRequest, LogoutResponse, Status. */
export const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
/** SAML 2.0 assertions (`saml:`): Assertion, Issuer, Subject, Conditions. */
export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** SAML 2.0 metadata (`md:`): EntityDescriptor and the SSO descriptors. */
export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
/** XML Signature (`ds:`): Signature, X509Certificate, Object. */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
