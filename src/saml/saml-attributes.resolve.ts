import { optionLabel, type OptionChecks } from '../common/option-checks.js';
import type { SamlIdpPreset } from './idp-presets.js';
import { SAML_IDP_PRESET_NAMES, SAML_IDP_PRESETS } from './idp-presets.js';
import type { ResolvedSamlAttributes, SamlAttributeOptions } from './saml-attributes.options.js';

/** What the attribute names come to, with the preset that supplied some of them. */
export interface ResolvedSamlIdentitySettings {
  attributes: ResolvedSamlAttributes;
  idpPreset?: SamlIdpPreset;
  nameIdFormat: string;
}

/** What the resolver reads: the raw SAML options it needs, with the package defaults beside them. */
export interface SamlIdentityInput {
  attributes?: SamlAttributeOptions;
  idpPreset?: unknown;
  nameIdFormat?: unknown;
  defaults: { attributes: ResolvedSamlAttributes; nameIdFormat: string };
}

/**
 * Attribute names and NameID format, each from the first of: the explicit option, the preset, the
 * package default. `attributes.userId` is the old name of `attributes.subject`.
 * @param saml checks of the `saml` section
 * @throws NomosPortalConfigError for an unknown preset, a blank name, or `subject` and `userId` that differ
 */
export function resolveSamlIdentity(input: SamlIdentityInput, saml: OptionChecks): ResolvedSamlIdentitySettings {
  const idpPreset = presetOf(input.idpPreset, saml);
  const preset = idpPreset === undefined ? undefined : SAML_IDP_PRESETS[idpPreset];
  const given = input.attributes ?? {};
  const checks = saml.nested('attributes');
  const explicitSubject = subjectOf(given, checks);
  const pick = (key: keyof ResolvedSamlAttributes, explicit: unknown): string =>
    checks.text(explicit ?? preset?.attributes[key] ?? input.defaults.attributes[key], key);
  return {
    attributes: {
      subject: pick('subject', explicitSubject),
      userName: pick('userName', given.userName),
      email: pick('email', given.email),
      displayName: pick('displayName', given.displayName),
      roles: pick('roles', given.roles),
      authnMethods: pick('authnMethods', given.authnMethods),
    },
    ...(idpPreset === undefined ? {} : { idpPreset }),
    nameIdFormat: saml.text(input.nameIdFormat ?? preset?.nameIdFormat ?? input.defaults.nameIdFormat, 'nameIdFormat'),
  };
}

function presetOf(value: unknown, saml: OptionChecks): SamlIdpPreset | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (SAML_IDP_PRESET_NAMES as readonly string[]).includes(value))
    return value as SamlIdpPreset;
  return saml.fail('idpPreset', `must be one of ${SAML_IDP_PRESET_NAMES.map((name) => `'${name}'`).join(', ')}`);
}

/** `subject`, or its old name `userId`; both given must agree, or the operator cannot tell which one counts. */
function subjectOf(given: SamlAttributeOptions, checks: OptionChecks): string | undefined {
  const { subject, userId } = given;
  if (subject === undefined) return userId === undefined ? undefined : checks.text(userId, 'userId');
  const chosen = checks.text(subject, 'subject');
  if (userId !== undefined && checks.text(userId, 'userId') !== chosen) {
    checks.fail(
      'subject',
      `and ${optionLabel(checks.path('userId'))} are both set, to different attributes: ` +
        'set only saml.attributes.subject (userId is its old name)',
    );
  }
  return chosen;
}
