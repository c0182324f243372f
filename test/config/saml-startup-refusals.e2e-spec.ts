import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SamlOptions } from '../../src/index.js';
import { NomosPortalConfigError, NomosPortalModule, samlOptionsFromEnv } from '../../src/index.js';
import { testIdp } from '../support/saml-app.js';
import { testKeys } from '../../src/testing/index.js';
import { startUpError } from './start-error.js';

const idp = testIdp();
const keys = testKeys();
const good: SamlOptions = {
  idp: { metadataXml: idp.metadataXml() },
  sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
  session: { secret: 'x'.repeat(32) },
};
const startWith = (saml: SamlOptions): Promise<unknown> =>
  startUpError(NomosPortalModule.forRoot({ nomos: { clientId: 'id', clientSecret: 'secret' }, saml }));
const sp = (extra: Partial<SamlOptions['sp']>): SamlOptions => ({ ...good, sp: { ...good.sp, ...extra } });

/** The start-up error: a NomosPortalConfigError whose message is one line. */
async function refusal(saml: SamlOptions): Promise<string> {
  const error = await startWith(saml);
  expect(error).toBeInstanceOf(NomosPortalConfigError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

// Both would start, and the failure would show only at the IdP: signatures nobody can verify against
// the published certificate, or assertions encrypted to a key the SP does not hold.
describe('an SP key and certificate that do not belong together stop start-up, naming both settings', () => {
  it("signing key with another key's certificate", async () => {
    const message = await refusal(sp({ signingKey: keys.spSigning.key, signingCert: keys.spEncryption.cert }));
    expect(message).toMatch(
      /^saml\.sp\.signingKey \(SAML_SP_SIGNING_KEY_FILE\) and saml\.sp\.signingCert \(SAML_SP_SIGNING_CERT_FILE\) do not match: .*no IdP can verify/,
    );
  });

  it("decryption key with another key's certificate", async () => {
    const message = await refusal(sp({ decryptionKey: keys.spEncryption.key, decryptionCert: keys.attacker.cert }));
    expect(message).toMatch(
      /^saml\.sp\.decryptionKey \(SAML_SP_DECRYPTION_KEY_FILE\) and saml\.sp\.decryptionCert \(SAML_SP_DECRYPTION_CERT_FILE\) do not match/,
    );
  });

  it('a matching signing pair with a mismatched decryption pair', async () => {
    const message = await refusal(
      sp({
        signingKey: keys.spSigning.key,
        signingCert: keys.spSigning.cert,
        decryptionKey: keys.spEncryption.key,
        decryptionCert: keys.spSigning.cert,
      }),
    );
    expect(message).toMatch(
      /saml\.sp\.decryptionKey \(SAML_SP_DECRYPTION_KEY_FILE\) and saml\.sp\.decryptionCert \(SAML_SP_DECRYPTION_CERT_FILE\)/,
    );
  });

  it('a private key that cannot be read, without quoting it', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LXNlY3JldC12YWx1ZQ==\n-----END PRIVATE KEY-----';
    const message = await refusal(sp({ signingKey: key, signingCert: keys.spSigning.cert }));
    expect(message).toMatch(/^saml\.sp\.signingKey \(SAML_SP_SIGNING_KEY_FILE\) is not a readable PEM private key/);
    expect(message).not.toContain('bm90LWEta2V5');
  });

  it('a certificate that cannot be read', async () => {
    const cert = '-----BEGIN CERTIFICATE-----\nbm90LWEtY2VydA==\n-----END CERTIFICATE-----';
    expect(await refusal(sp({ decryptionKey: keys.spEncryption.key, decryptionCert: cert }))).toMatch(
      /^saml\.sp\.decryptionCert \(SAML_SP_DECRYPTION_CERT_FILE\) is not a readable PEM/,
    );
  });

  it('starts with matching pairs', async () => {
    expect(
      await startWith(
        sp({
          signingKey: keys.spSigning.key,
          signingCert: keys.spSigning.cert,
          decryptionKey: keys.spEncryption.key,
          decryptionCert: keys.spEncryption.cert,
        }),
      ),
    ).toBeUndefined();
  });
});

describe(
  'an IdP metadata file that cannot be used stops start-up with one line naming the setting ' + 'and the reason',
  () => {
    let dir: string;
    const metadata = idp.metadataXml();
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'nomos-metadata-'));
      mkdirSync(join(dir, 'a-directory.xml'));
      const files: Record<string, string | Buffer> = {
        'empty.xml': '  \n',
        'not-xml.xml': '{"entityID": "https://idp.corp.example"}',
        'truncated.xml': metadata.slice(0, Math.floor(metadata.length / 2)),
        'login-page.html': '<html><head><title>Sign in</title></head><body><form></form></body></html>',
        'sp-metadata.xml':
          '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp"><SPSSODescriptor/></EntityDescriptor>',
        'good.xml': metadata,
        'utf8-bom.xml': `\uFEFF${metadata}`,
        'utf16.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(metadata, 'utf16le')]),
      };
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const withFile = (name: string): SamlOptions => ({ ...good, idp: { metadataFile: join(dir, name) } });

    it.each([
      [
        'missing',
        'missing.xml',
        /^saml\.idp\.metadataFile cannot be read: ".*missing\.xml" does not exist \(ENOENT\)\. Set saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE\)/,
      ],
      [
        'a directory',
        'a-directory.xml',
        /^saml\.idp\.metadataFile cannot be read: ".*a-directory\.xml" is a directory, not a file \(EISDIR\)/,
      ],
      ['empty', 'empty.xml', /^saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE, ".*empty\.xml"\) is empty$/],
      [
        'not XML',
        'not-xml.xml',
        /^saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE, ".*not-xml\.xml"\) is not well-formed XML/,
      ],
      [
        'truncated',
        'truncated.xml',
        /^saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE, ".*truncated\.xml"\) is not well-formed XML/,
      ],
      [
        'an HTML page',
        'login-page.html',
        /^saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE, .*\) has no EntityDescriptor with an IDPSSODescriptor$/,
      ],
      ['SP metadata', 'sp-metadata.xml', /SAML_IDP_METADATA_FILE.* has no EntityDescriptor with an IDPSSODescriptor$/],
    ])('%s', async (_name, file, message) => {
      expect(await refusal(withFile(file))).toMatch(message);
    });

    it.each(['good.xml', 'utf8-bom.xml', 'utf16.xml'])('starts with %s', async (file) => {
      expect(await startWith(withFile(file))).toBeUndefined();
    });

    it('the same through SAML_IDP_METADATA_FILE', async () => {
      const fromEnv = samlOptionsFromEnv({
        SAML_IDP_METADATA_FILE: join(dir, 'missing.xml'),
        SAML_SP_ENTITY_ID: 'https://intranet.corp.example/saml',
        SAML_SP_BASE_URL: 'https://intranet.corp.example',
        SAML_SESSION_SECRET: 'x'.repeat(32),
      });
      expect(await refusal(fromEnv)).toMatch(
        /cannot be read: .* \(ENOENT\)\. Set saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE\)/,
      );
    });
  },
);
