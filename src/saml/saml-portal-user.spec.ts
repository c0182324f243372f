import type { Profile } from '@node-saml/node-saml';
import { SamlLoginRejectedError } from './saml.errors.js';
import { ENTRA_GROUPS_OVERAGE_CLAIM, portalUserFromProfile, type PortalUserSettings } from './saml-portal-user.js';
import { SAML_DEFAULTS } from './saml.options.js';

const ISSUER = 'https://idp.corp.example';
const profile = (attributes: Record<string, unknown>, nameID = 'alice@corp.example'): Profile => ({
  issuer: ISSUER,
  nameID,
  nameIDFormat: 'urn:x:format',
  sessionIndex: '_s1',
  attributes,
});
const settings = (overrides: Partial<PortalUserSettings> = {}): PortalUserSettings => ({
  attributes: { ...SAML_DEFAULTS.attributes, subject: 'oid', userName: 'upn' },
  portalRoles: [],
  adminRoles: [],
  ...overrides,
});

describe('portalUserFromProfile', () => {
  it('keys the person by (issuer, subject) and keeps the NameID for logout', () => {
    const user = portalUserFromProfile(profile({ oid: 'o-1', upn: 'alice@corp.example' }), {}, settings());
    expect(user).toMatchObject({ id: 'o-1', issuer: ISSUER, userName: 'alice@corp.example' });
    expect(user.saml).toMatchObject({ issuer: ISSUER, nameID: 'alice@corp.example', sessionIndex: '_s1' });
  });

  it('refuses a subject longer than 255 characters, and drops such a user name', () => {
    const long = 'x'.repeat(256);
    expect(() => portalUserFromProfile(profile({ oid: long }), {}, settings())).toThrow(SamlLoginRejectedError);
    const user = portalUserFromProfile(profile({ oid: 'o-1', upn: long }), {}, settings());
    expect(user).not.toHaveProperty('userName');
  });

  it('puts the AuthnStatement facts and at most 16 bounded methods in authn', () => {
    const methods = ['m-long'.padEnd(256, 'x'), ...Array.from({ length: 20 }, (_, i) => `m${i}`)];
    const authnMethods = SAML_DEFAULTS.attributes.authnMethods;
    const user = portalUserFromProfile(
      profile({ oid: 'o-1', [authnMethods]: methods }),
      { sessionIndex: '_s1', contextClass: 'urn:c' },
      settings(),
    );
    expect(user.authn).toEqual({
      sessionIndex: '_s1',
      contextClass: 'urn:c',
      methods: Array.from({ length: 16 }, (_, i) => `m${i}`),
    });
  });

  it.each([
    ['portal roles', { portalRoles: ['energy-users'] }],
    ['admin roles only', { adminRoles: ['portal-admins'] }],
  ])('refuses a group overage link with %s configured', (_what, roles) => {
    const overage = profile({ oid: 'o-1', [` ${ENTRA_GROUPS_OVERAGE_CLAIM}`]: 'https://graph.example/x' });
    expect(() => portalUserFromProfile(overage, {}, settings(roles))).toThrow(
      /group overage link instead of the groups/,
    );
  });

  it('ignores a group overage link without roles configured', () => {
    const overage = profile({ oid: 'o-1', [ENTRA_GROUPS_OVERAGE_CLAIM]: 'https://graph.example/x' });
    expect(portalUserFromProfile(overage, {}, settings())).toMatchObject({ roles: [], portalAccess: true });
  });
});
