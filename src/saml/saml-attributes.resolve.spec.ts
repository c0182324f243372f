import { NomosPortalConfigError } from '../errors/index.js';
import { OptionChecks } from '../common/option-checks.js';
import { PERSISTENT_NAMEID_FORMAT, SAML_IDP_PRESETS } from './idp-presets.js';
import { resolveSamlIdentity, type SamlIdentityInput } from './saml-attributes.resolve.js';
import { SAML_DEFAULTS } from './saml.options.js';

const OBJECT_ID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const UNSPECIFIED = SAML_DEFAULTS.nameIdFormat;

const resolve = (input: Omit<SamlIdentityInput, 'defaults'>) =>
  resolveSamlIdentity({ ...input, defaults: SAML_DEFAULTS }, new OptionChecks('saml'));

const refusal = (input: Omit<SamlIdentityInput, 'defaults'>): NomosPortalConfigError => {
  try {
    resolve(input);
  } catch (error) {
    if (error instanceof NomosPortalConfigError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('resolveSamlIdentity', () => {
  it('keys people by the NameID by default, with the package attribute names', () => {
    expect(resolve({})).toEqual({
      attributes: {
        subject: 'nameID',
        userName: 'nameID',
        email: 'email',
        displayName: 'displayName',
        roles: 'groups',
        authnMethods: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
      },
      nameIdFormat: UNSPECIFIED,
    });
  });

  it('takes the old userId as the subject', () => {
    expect(resolve({ attributes: { userId: 'employeeNumber' } }).attributes.subject).toBe('employeeNumber');
  });

  it('accepts subject and userId when they name the same attribute', () => {
    expect(resolve({ attributes: { subject: OBJECT_ID, userId: ` ${OBJECT_ID} ` } }).attributes.subject).toBe(
      OBJECT_ID,
    );
  });

  it('refuses subject and userId that differ, naming both and their variables', () => {
    const error = refusal({ attributes: { subject: OBJECT_ID, userId: 'nameID' } });
    expect(error.message).toMatch(/^saml\.attributes\.subject \(SAML_ATTR_SUBJECT\) and /);
    expect(error.message).toContain('saml.attributes.userId (SAML_ATTR_USER_ID)');
    expect(error.message).toContain('set only saml.attributes.subject');
  });

  it('fills every name from the preset, and its NameID format', () => {
    const adfs = resolve({ idpPreset: 'adfs' });
    expect(adfs).toEqual({
      attributes: { ...SAML_IDP_PRESETS.adfs.attributes },
      idpPreset: 'adfs',
      nameIdFormat: PERSISTENT_NAMEID_FORMAT,
    });
  });

  it('keeps the package default for a name the preset leaves out', () => {
    const keycloak = resolve({ idpPreset: 'keycloak' }).attributes;
    expect(keycloak.roles).toBe('Role');
    expect(keycloak.displayName).toBe('displayName');
    expect(keycloak.authnMethods).toBe(SAML_DEFAULTS.attributes.authnMethods);
  });

  it('lets explicit names and the NameID format win over the preset', () => {
    const resolved = resolve({
      idpPreset: 'entra',
      attributes: { userName: 'nameID', roles: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role' },
      nameIdFormat: UNSPECIFIED,
    });
    expect(resolved.attributes.userName).toBe('nameID');
    expect(resolved.attributes.roles).toBe('http://schemas.microsoft.com/ws/2008/06/identity/claims/role');
    expect(resolved.attributes.subject).toBe(OBJECT_ID);
    expect(resolved.attributes.email).toBe('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress');
    expect(resolve({ idpPreset: 'keycloak', nameIdFormat: UNSPECIFIED }).nameIdFormat).toBe(UNSPECIFIED);
  });

  it('lets the old userId win over the preset subject too', () => {
    expect(resolve({ idpPreset: 'entra', attributes: { userId: 'nameID' } }).attributes.subject).toBe('nameID');
  });

  it.each([['azure'], ['Entra'], [''], [42]])('refuses the unknown preset %p, listing the known ones', (idpPreset) => {
    expect(refusal({ idpPreset }).message).toBe(
      "saml.idpPreset (SAML_IDP_PRESET) must be one of 'entra', 'okta', 'adfs', 'keycloak', 'google'",
    );
  });

  it.each(['subject', 'userName', 'authnMethods'] as const)('refuses a blank %s', (key) => {
    expect(refusal({ attributes: { [key]: '  ' } }).message).toMatch(
      new RegExp(`^saml\\.attributes\\.${key} .*is required`),
    );
  });
});
