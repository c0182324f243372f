import { PERSISTENT_NAMEID_FORMAT } from './idp-presets.js';
import { subjectWarning } from './saml-startup-log.js';
import { SAML_DEFAULTS } from './saml.options.js';

const settings = (subject: string, nameIdFormat: string) => ({
  attributes: { ...SAML_DEFAULTS.attributes, subject },
  nameIdFormat,
});

describe('subjectWarning', () => {
  it('warns when the NameID keys people in a format other than persistent, and says what to set', () => {
    const warning = subjectWarning(settings('nameID', SAML_DEFAULTS.nameIdFormat));
    expect(warning).toContain('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
    expect(warning).toContain('a renamed or recycled sign-in name maps to the same customer');
    expect(warning).toContain('saml.attributes.subject (SAML_ATTR_SUBJECT)');
    expect(warning).toContain('saml.idpPreset (SAML_IDP_PRESET)');
  });

  it('is quiet for a persistent NameID or a subject attribute', () => {
    expect(subjectWarning(settings('nameID', PERSISTENT_NAMEID_FORMAT))).toBeUndefined();
    expect(
      subjectWarning(
        settings('http://schemas.microsoft.com/identity/claims/objectidentifier', SAML_DEFAULTS.nameIdFormat),
      ),
    ).toBeUndefined();
  });
});
