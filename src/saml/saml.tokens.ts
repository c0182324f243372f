/** Name under which the SAML strategy is registered with passport. */
export const SAML_STRATEGY = 'nomos-saml';
