import type { NomosPortalModuleOptions, SamlOptions } from '../../src/index.js';
import { NomosPortalConfigError, NomosPortalModule } from '../../src/index.js';
import { startUpError } from './start-error.js';
import { testIdp } from '../support/saml-app.js';

const idp = testIdp();
const good: SamlOptions = {
  idp: { metadataXml: idp.metadataXml() },
  sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
  session: { secret: 'x'.repeat(32) },
};

const startWith = (saml: unknown): Promise<unknown> =>
  startUpError(
    NomosPortalModule.forRoot({ nomos: { clientId: 'id', clientSecret: 'secret' }, saml } as NomosPortalModuleOptions),
  );

const cases: Array<[string, unknown, RegExp]> = [
  ['no saml options', undefined, /saml is required/],
  ['no IdP', { ...good, idp: undefined }, /saml\.idp is required/],
  ['IdP metadata that is not XML', { ...good, idp: { metadataXml: 'not xml' } }, /saml\.idp\.metadataXml/],
  [
    'IdP metadata with a DOCTYPE',
    { ...good, idp: { metadataXml: `<!DOCTYPE x [<!ENTITY a "b">]>${idp.metadataXml()}` } },
    /saml\.idp\.metadataXml must not contain a DOCTYPE/,
  ],
  [
    'IdP metadata file missing',
    { ...good, idp: { metadataFile: '/nonexistent/idp.xml' } },
    /saml\.idp\.metadataFile cannot be read/,
  ],
  [
    'explicit IdP without certs',
    { ...good, idp: { entityId: 'https://idp', ssoUrl: 'https://idp/sso' } },
    /saml\.idp\.certs/,
  ],
  [
    'explicit IdP without SSO URL',
    { ...good, idp: { entityId: 'https://idp', certs: [idp.signingCert] } },
    /saml\.idp\.ssoUrl/,
  ],
  [
    'no SP entity id',
    { ...good, sp: { baseUrl: 'https://intranet.corp.example' } },
    /saml\.sp\.entityId \(SAML_SP_ENTITY_ID\) is required/,
  ],
  [
    'plain-http SP base URL',
    { ...good, sp: { ...good.sp, baseUrl: 'http://intranet.corp.example' } },
    /saml\.sp\.baseUrl \(SAML_SP_BASE_URL\) must be an https URL/,
  ],
  [
    'signing key without certificate',
    { ...good, sp: { ...good.sp, signingKey: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----' } },
    /saml\.sp\.signingCert/,
  ],
  ['SHA-1 signatures', { ...good, signatureAlgorithm: 'sha1' }, /saml\.signatureAlgorithm/],
  ['unsafe default page', { ...good, defaultReturnTo: '//evil.example' }, /saml\.defaultReturnTo/],
  ['negative clock skew', { ...good, acceptedClockSkewMs: -1 }, /saml\.acceptedClockSkewMs/],
  ['no session settings', { ...good, session: undefined }, /saml\.session is required/],
  ['short session secret', { ...good, session: { secret: 'short' } }, /saml\.session\.secret/],
  ['portal roles not a list', { ...good, portalRoles: 'staff' }, /saml\.portalRoles/],
];

describe('bad SAML configuration stops start-up and names the setting', () => {
  it.each(cases)('%s', async (_name, saml, message) => {
    const error = await startWith(saml);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('starts with IdP metadata, SP ids and a session secret', async () => {
    expect(await startWith(good)).toBeUndefined();
  });
});
