import { SAML, ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import { testKeys } from './test-keys.js';
import type { TestIdp } from './test-idp.js';
import type { ParsedAuthnRequest } from './test-idp.types.js';

/** SP entity id used by the test IdP's own specs. */
export const SP_ENTITY_ID = 'https://sp.test.example/metadata';
/** SP ACS URL used by the test IdP's own specs. */
export const SP_ACS_URL = 'https://sp.test.example/auth/saml/acs';
/** SP single logout URL used by the test IdP's own specs. */
export const SP_SLO_URL = 'https://sp.test.example/auth/saml/logout';
/** IdP entity id (the TestIdp default). */
export const IDP_ENTITY_ID = 'https://idp.test.example/metadata';

/**
 * node-saml configured the way the package's SP is meant to be: both signatures required, audience,
 * InResponseTo always checked, 2 s clock skew, rotation certs A and B, SHA-256.
 * @param overrides extra or replaced node-saml options (e.g. `privateKey` for signed requests). @default {}
 */
export function strictSamlConfig(overrides: Partial<SamlConfig> = {}): SamlConfig {
  const keys = testKeys();
  return {
    issuer: SP_ENTITY_ID,
    callbackUrl: SP_ACS_URL,
    entryPoint: 'https://idp.test.example/sso',
    logoutUrl: 'https://idp.test.example/slo',
    logoutCallbackUrl: SP_SLO_URL,
    idpIssuer: IDP_ENTITY_ID,
    idpCert: [keys.idpA.cert, keys.idpB.cert],
    audience: SP_ENTITY_ID,
    wantAuthnResponseSigned: true,
    wantAssertionsSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    acceptedClockSkewMs: 2000,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    ...overrides,
  };
}

/** A node-saml instance with {@link strictSamlConfig}. */
export function strictSaml(overrides: Partial<SamlConfig> = {}): SAML {
  return new SAML(strictSamlConfig(overrides));
}

/**
 * Starts an SP-initiated login: node-saml builds the AuthnRequest redirect (remembering its ID for
 * InResponseTo) and the IdP parses it, so the IdP's next `loginResponse` answers it.
 */
export async function startLogin(saml: SAML, idp: TestIdp, relayState = ''): Promise<ParsedAuthnRequest> {
  return idp.parseAuthnRequest(await saml.getAuthorizeUrlAsync(relayState, undefined, {}));
}

/** Runs node-saml's HTTP-Redirect validation on a URL the IdP built (query parsed and raw). */
export function validateRedirect(saml: SAML, redirectUrl: string): ReturnType<SAML['validateRedirectAsync']> {
  const url = new URL(redirectUrl);
  return saml.validateRedirectAsync(Object.fromEntries(url.searchParams), url.search.slice(1));
}
