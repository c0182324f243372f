import {
  NomosPortalConfigError,
  resolveNomosPortalOptions,
  samlEnvNames,
  samlOptionsFromEnv,
} from '../../src/index.js';
import { idpKey } from '../../src/testing/index.js';

const nomos = { baseUrl: 'https://api.nomos.energy', clientId: 'portal', clientSecret: 'not-a-real-secret-0000' };
const OBJECT_ID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/**
 * The SAML settings as the module resolves them from these variables, with a minimal IdP, SP and
 * session; the IdP certificate is given directly (the env reader would read it from a file).
 */
const fromEnv = (vars: Record<string, string>) => {
  const saml = samlOptionsFromEnv({
    SAML_IDP_ENTITY_ID: 'https://idp.corp.example',
    SAML_IDP_SSO_URL: 'https://idp.corp.example/sso',
    SAML_SP_ENTITY_ID: 'https://intranet.corp.example/saml',
    SAML_SP_BASE_URL: 'https://intranet.corp.example',
    SAML_SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
    ...vars,
  });
  return resolveNomosPortalOptions({ nomos, saml: { ...saml, idp: { ...saml.idp, certs: [idpKey('A').cert] } } }).saml!;
};

describe('SAML identity options from the environment', () => {
  it('reads the four new variables, which the env name list includes', () => {
    expect(samlEnvNames()).toEqual(
      expect.arrayContaining([
        'SAML_IDP_PRESET',
        'SAML_ATTR_SUBJECT',
        'SAML_ATTR_USER_NAME',
        'SAML_ATTR_AUTHN_METHODS',
      ]),
    );
    const resolved = fromEnv({
      SAML_ATTR_SUBJECT: OBJECT_ID,
      SAML_ATTR_USER_NAME: 'upn',
      SAML_ATTR_AUTHN_METHODS: 'amr',
    });
    expect(resolved.attributes).toMatchObject({ subject: OBJECT_ID, userName: 'upn', authnMethods: 'amr' });
  });

  it('applies SAML_IDP_PRESET, with an explicit variable winning over it', () => {
    const resolved = fromEnv({ SAML_IDP_PRESET: 'okta', SAML_ATTR_EMAIL: 'mail' });
    expect(resolved.idpPreset).toBe('okta');
    expect(resolved.attributes).toMatchObject({ subject: 'oktaUserId', userName: 'nameID', email: 'mail' });
  });

  it('keeps SAML_ATTR_USER_ID working as the subject', () => {
    expect(fromEnv({ SAML_ATTR_USER_ID: 'employeeNumber' }).attributes.subject).toBe('employeeNumber');
  });

  it('refuses SAML_ATTR_SUBJECT and SAML_ATTR_USER_ID naming different attributes', () => {
    const refused = () => fromEnv({ SAML_ATTR_SUBJECT: OBJECT_ID, SAML_ATTR_USER_ID: 'nameID' });
    expect(refused).toThrow(NomosPortalConfigError);
    expect(refused).toThrow(
      'saml.attributes.subject (SAML_ATTR_SUBJECT) and saml.attributes.userId (SAML_ATTR_USER_ID) are both set',
    );
  });

  it('refuses an unknown SAML_IDP_PRESET by name', () => {
    expect(() => fromEnv({ SAML_IDP_PRESET: 'azure' })).toThrow(
      "saml.idpPreset (SAML_IDP_PRESET) must be one of 'entra', 'okta', 'adfs', 'keycloak', 'google'",
    );
  });
});
