import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveNomosPortalOptions, samlEnvNames, samlOptionsFromEnv } from '../../src/index.js';
import type { SamlOptions } from '../../src/index.js';
import { idpKey } from '../../src/testing/index.js';
import { checkEnvNames } from '../../example/env-names-check.js';

const nomos = { baseUrl: 'https://api.nomos.energy', clientId: 'portal', clientSecret: 'not-a-real-secret-0000' };
const sp = { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' };
const session = { secret: 'a-session-secret-of-at-least-32-characters' };
const resolveIdp = (idp: SamlOptions['idp']) =>
  resolveNomosPortalOptions({ nomos, saml: { idp, sp, session } }).saml?.idp;
const URL_ = 'https://login.example.com/tenant/federationmetadata.xml?appid=123';

describe('saml.idp.metadataUrl options', () => {
  it('resolves with the defaults, the IdP not read yet', () => {
    expect(resolveIdp({ metadataUrl: URL_ })).toEqual({
      metadataUrl: {
        url: URL_,
        refreshMs: 43_200_000,
        timeoutMs: 10_000,
        maxBytes: 1_048_576,
        signingCert: undefined,
        ca: undefined,
        cacheFile: undefined,
        allowPrivateHosts: false,
      },
      entityId: undefined,
      ssoUrl: undefined,
      sloUrl: undefined,
      logoutIssuers: [],
    });
  });

  it.each([
    [{ metadataRefreshMs: 10 }, /metadataRefreshMs \(SAML_IDP_METADATA_REFRESH_MS\) must be a whole number from 1000/],
    [
      { metadataSigningCert: 'not a cert' },
      /metadataSigningCert \(SAML_IDP_METADATA_SIGNING_CERT_FILE\) must be a PEM/,
    ],
    [{ certs: ['MIIB'] }, /metadataUrl \(SAML_IDP_METADATA_URL\) replaces saml\.idp\.certs/],
    [{ metadataUrl: 'https://user:pw@login.example.com/m' }, /must not carry a user name or password/],
    [{ metadataUrl: 'not a url' }, /metadataUrl \(SAML_IDP_METADATA_URL\) must be an absolute URL/],
  ])('refuses %j', (extra, message) => {
    expect(() => resolveIdp({ metadataUrl: URL_, ...extra })).toThrow(message);
  });

  it('is read from the SAML_IDP_METADATA_* variables, which the env reader lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomos-metadata-env-'));
    try {
      const certFile = join(dir, 'metadata-signer.pem');
      writeFileSync(certFile, idpKey('B').cert);
      const idp = samlOptionsFromEnv({
        SAML_IDP_METADATA_URL: URL_,
        SAML_IDP_METADATA_REFRESH_MS: '3600000',
        SAML_IDP_METADATA_SIGNING_CERT_FILE: certFile,
        SAML_IDP_METADATA_CACHE_FILE: join(dir, 'last-good.json'),
        SAML_IDP_METADATA_ALLOW_PRIVATE_HOSTS: 'false',
      }).idp;
      expect(idp).toMatchObject({
        metadataUrl: URL_,
        metadataRefreshMs: 3_600_000,
        metadataSigningCert: idpKey('B').cert,
        metadataCacheFile: join(dir, 'last-good.json'),
        allowPrivateMetadataHosts: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(samlEnvNames()).toEqual(
      expect.arrayContaining([
        'SAML_IDP_METADATA_URL',
        'SAML_IDP_METADATA_REFRESH_MS',
        'SAML_IDP_METADATA_TIMEOUT_MS',
        'SAML_IDP_METADATA_MAX_BYTES',
        'SAML_IDP_METADATA_SIGNING_CERT_FILE',
        'SAML_IDP_METADATA_CA_FILE',
        'SAML_IDP_METADATA_CACHE_FILE',
        'SAML_IDP_METADATA_ALLOW_PRIVATE_HOSTS',
      ]),
    );
  });

  it('is a variable the example knows (it refuses unknown SAML_* names), and names an IdP for it', () => {
    expect(() => checkEnvNames({ SAML_IDP_METADATA_URL: URL_, SAML_IDP_METADATA_REFRESH_MS: '60000' })).not.toThrow();
    expect(() => checkEnvNames({ SAML_IDP_METADATA_REFRESH_MS: '60000' })).toThrow(/nor SAML_IDP_METADATA_URL/);
  });
});
