import request from 'supertest';
import { devTls, idpKey } from '../../src/testing/index.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { eventually, MetadataServer } from './metadata-server.js';
import { signMetadata } from './signed-metadata.js';

describe('IdP metadata signed with a pinned certificate', () => {
  const idp = testIdp();
  const server = new MetadataServer();
  const env = useSamlEnv('sqlite');
  // The metadata is signed with key B; responses are signed with key A, which the metadata lists.
  const signer = idpKey('B');
  let app: SamlTestApp;
  const signsIn = async () => (await signIn(request.agent(app.http), idp, PEOPLE.alice)).status;

  beforeAll(async () => {
    await server.start();
    server.serve(signMetadata(idp.metadataXml(['A']), signer));
    app = await env.start({
      idp,
      saml: {
        idp: {
          metadataUrl: server.url,
          allowPrivateMetadataHosts: true,
          metadataCa: devTls().cert,
          metadataRefreshMs: 1_000,
          metadataSigningCert: signer.cert,
        },
      },
    });
  });
  afterAll(() => server.stop());

  it('starts with a document signed by the pinned certificate', async () => {
    expect(await signsIn()).toBe(303);
  });

  it('does not take an unsigned document', async () => {
    server.serve(idp.metadataXml(['B']));
    await eventually(() => /metadata\) is not signed on its root/.test(env.logs.text));
    expect(await signsIn()).toBe(303);
  });

  it('does not take a document signed by another key, or changed after signing', async () => {
    server.serve(signMetadata(idp.metadataXml(['B']), idpKey('attacker')));
    await eventually(() =>
      /has a signature that does not verify with saml\.idp\.metadataSigningCert/.test(env.logs.text),
    );
    const certA = idpKey('A').cert.replace(/-----[A-Z ]+-----|\s/g, '');
    const certB = idpKey('B').cert.replace(/-----[A-Z ]+-----|\s/g, '');
    const changed = signMetadata(idp.metadataXml(['A']), signer).replace(certA, certB);
    const before = env.logs.text.split('does not verify').length;
    server.serve(changed);
    await eventually(() => env.logs.text.split('does not verify').length > before + 1);
    expect(await signsIn()).toBe(303);
  });
});
