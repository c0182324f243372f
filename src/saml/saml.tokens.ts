/** Injection token of the resolved SAML settings. */
export const SAML_OPTIONS = Symbol('NOMOS_SAML_OPTIONS');

/** Name under which the SAML strategy is registered with passport. */
export const SAML_STRATEGY = 'nomos-saml';
