/** `saml.idp.logoutIssuers`: exact extra names of the IdP on logout messages, never "any issuer". */
import { resolveSamlOptions } from '../../src/saml/saml-options.resolve.js';
import { samlOptionsFromEnv } from '../../src/index.js';
import { TestIdp } from '../../src/testing/index.js';
import { ENTRA_ENTITY_ID, ENTRA_LOGOUT_ISSUER, signingSp } from './quirks.js';

const idp = new TestIdp({ entityId: ENTRA_ENTITY_ID, sp: { entityId: signingSp.entityId, acsUrl: 'https://x/acs' } });
const options = (logoutIssuers?: unknown) => ({
  idp: { metadataXml: idp.metadataXml(), logoutIssuers: logoutIssuers as string[] },
  sp: { entityId: signingSp.entityId, baseUrl: signingSp.baseUrl },
  session: { secret: 'x'.repeat(32) },
});
const resolved = (logoutIssuers?: unknown) => resolveSamlOptions(options(logoutIssuers), 'auth/saml').idp;

describe('saml.idp.logoutIssuers', () => {
  it('defaults to none and keeps the listed exact values (once each)', () => {
    expect(resolved().logoutIssuers).toEqual([]);
    expect(resolved([ENTRA_LOGOUT_ISSUER, ENTRA_LOGOUT_ISSUER]).logoutIssuers).toEqual([ENTRA_LOGOUT_ISSUER]);
  });

  it.each([
    ['a wildcard', ['*'], /saml\.idp\.logoutIssuers \(SAML_IDP_LOGOUT_ISSUERS\) must list exact issuer values/],
    ['a pattern', ['https://login.microsoftonline.com/*/'], /must list exact issuer values/],
    ['a value with spaces', ['https://a.example/ https://b.example/'], /must list exact issuer values/],
    ['an empty value', [''], /must be an array of non-empty strings/],
    ['not an array', ENTRA_LOGOUT_ISSUER, /must be an array of non-empty strings/],
    ['more than ten', Array.from({ length: 11 }, (_, i) => `https://idp${i}.example/`), /at most 10 issuers/],
  ])('refuses %s at start-up', (_name, value, message) => {
    expect(() => resolved(value)).toThrow(message);
  });

  it('is read from SAML_IDP_LOGOUT_ISSUERS (comma-separated)', () => {
    const env = { SAML_IDP_LOGOUT_ISSUERS: ` ${ENTRA_LOGOUT_ISSUER} , https://other.example/ ` };
    expect(samlOptionsFromEnv(env).idp.logoutIssuers).toEqual([ENTRA_LOGOUT_ISSUER, 'https://other.example/']);
  });
});
