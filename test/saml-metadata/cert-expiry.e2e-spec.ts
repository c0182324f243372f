import { SamlCertificatesService } from '../../src/index.js';
import { devTls } from '../../src/testing/index.js';
import { SP_BASE_URL, SP_ENTITY_ID, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { eventually, MetadataServer } from './metadata-server.js';
import { shortLivedKeyPair } from './short-lived-cert.js';
import { warningsDuring } from './warnings.js';

const DAY = 86_400_000;

describe('SAML certificate expiry', () => {
  const idpPair = shortLivedKeyPair('Short-lived IdP', new Date(Date.now() + 10 * DAY + 3_600_000));
  const spPair = shortLivedKeyPair('Short-lived SP', new Date(Date.now() + 5 * DAY + 3_600_000));
  const idp = testIdp({ signingKey: idpPair });
  const env = useSamlEnv('sqlite');
  const server = new MetadataServer();
  afterAll(() => server.stop());

  it('warns at start about an IdP and an SP certificate expiring within 30 days, and lists them', async () => {
    const { result: app, warnings } = await warningsDuring(() =>
      env.start({
        idp,
        saml: {
          idp: { metadataXml: idp.metadataXml() },
          sp: { entityId: SP_ENTITY_ID, baseUrl: SP_BASE_URL, signingKey: spPair.key, signingCert: spPair.cert },
        },
      }),
    );
    const text = warnings.join('\n');
    expect(text).toMatch(/SAML idp-signing certificate CN=Short-lived IdP \(SHA-256 [0-9A-F:]+\) expires in 11 day/);
    expect(text).toMatch(/SAML sp-signing certificate CN=Short-lived SP .* expires in 6 day\(s\), on \d{4}-/);

    const certificates = app.app.get(SamlCertificatesService);
    const soon = certificates.expiringWithin(30 * DAY);
    expect(soon.map((cert) => [cert.use, cert.subject])).toEqual([
      ['idp-signing', 'CN=Short-lived IdP'],
      ['sp-signing', 'CN=Short-lived SP'],
    ]);
    expect(soon[0].notAfter.getTime()).toBeGreaterThan(Date.now() + 10 * DAY);
  });

  it('warns again at each metadata refresh', async () => {
    await server.start();
    server.serve(idp.metadataXml());
    await env.start({
      idp,
      saml: {
        idp: {
          metadataUrl: server.url,
          allowPrivateMetadataHosts: true,
          metadataCa: devTls().cert,
          metadataRefreshMs: 1_000,
        },
      },
    });
    // The start-up warning goes to Nest's silent testing logger; these come from refreshes.
    const count = () => env.logs.text.match(/SAML idp-signing certificate CN=Short-lived IdP/g)?.length ?? 0;
    await eventually(() => count() >= 2);
    const longLived = env.logs.text.match(/SAML \S+ certificate CN=(?!Short-lived)/g);
    expect(longLived).toBeNull();
  });
});
