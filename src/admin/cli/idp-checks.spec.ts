import type { ResolvedSamlSettings } from '../../index.js';
import { certPem, idpKey } from '../../testing/index.js';
import { idpChecks } from './idp-checks.js';

describe('idpChecks', () => {
  const readable = idpKey('A').cert;
  // Well-formed PEM armour around bytes that are no X.509 certificate.
  const unreadable = certPem(Buffer.from('not a certificate at all, just bytes').toString('base64'));
  const settings = (idpCerts: string[], spCert?: string) =>
    ({
      idp: { entityId: 'https://idp.example', certs: idpCerts },
      sp: { signingCert: spCert },
    }) as unknown as ResolvedSamlSettings;

  it('fails an unreadable IdP certificate even when the SP certificate beside it is readable', async () => {
    const lines = await idpChecks(settings([unreadable], readable));
    expect(lines.filter((line) => line.status === 'fail').map((line) => line.check)).toEqual(['cert idp-signing']);
    expect(lines.find((line) => line.check === 'cert sp-signing')?.status).not.toBe('fail');
  });

  it('passes readable IdP and SP certificates with one line each', async () => {
    const lines = await idpChecks(settings([readable], readable));
    expect(lines.map((line) => line.check)).toEqual(['idp-metadata', 'cert idp-signing', 'cert sp-signing']);
    expect(lines.map((line) => line.status)).not.toContain('fail');
  });
});
