import { PERSISTENT_NAMEID_FORMAT, SAML_IDP_PRESET_NAMES, SAML_IDP_PRESETS } from './idp-presets.js';

describe('SAML_IDP_PRESETS', () => {
  it('names the five presets the option accepts', () => {
    expect([...SAML_IDP_PRESET_NAMES]).toEqual(['entra', 'okta', 'adfs', 'keycloak', 'google']);
  });

  it('keys Entra people by the object id claim, never the UPN', () => {
    expect(SAML_IDP_PRESETS.entra.attributes).toEqual({
      subject: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
      userName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
      email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
      roles: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
      authnMethods: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
    });
    expect(SAML_IDP_PRESETS.entra.nameIdFormat).toBeUndefined();
  });

  // A preset that keys people by the NameID must ask for the persistent format, or it would key
  // them by whatever name the IdP sends by default.
  it.each(SAML_IDP_PRESET_NAMES)('%s: a NameID subject comes with the persistent format', (name) => {
    const preset = SAML_IDP_PRESETS[name];
    if (preset.attributes.subject === 'nameID') expect(preset.nameIdFormat).toBe(PERSISTENT_NAMEID_FORMAT);
    else expect(preset.attributes.subject).toEqual(expect.stringMatching(/\S/));
    expect(preset.attributes.userName).toEqual(expect.stringMatching(/\S/));
    expect(preset.attributes.subject).not.toBe(preset.attributes.userName);
  });

  it('keys AD FS and Keycloak people by a persistent NameID, Okta and Google by an attribute the admin adds', () => {
    expect(SAML_IDP_PRESETS.adfs.attributes.subject).toBe('nameID');
    expect(SAML_IDP_PRESETS.keycloak.attributes.subject).toBe('nameID');
    expect(SAML_IDP_PRESETS.okta.attributes.subject).toBe('oktaUserId');
    expect(SAML_IDP_PRESETS.google.attributes.subject).toBe('employeeId');
  });

  it('cannot be changed by a host', () => {
    expect(Object.isFrozen(SAML_IDP_PRESETS)).toBe(true);
    for (const name of SAML_IDP_PRESET_NAMES) {
      expect(Object.isFrozen(SAML_IDP_PRESETS[name])).toBe(true);
      expect(Object.isFrozen(SAML_IDP_PRESETS[name].attributes)).toBe(true);
    }
  });
});
