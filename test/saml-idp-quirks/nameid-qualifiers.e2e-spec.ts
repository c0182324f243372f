/**
 * Issue 10 item 7: a NameID with NameQualifier / SPNameQualifier (AD FS and Entra persistent ids)
 * must come back exactly as issued in the SP's LogoutRequest, so the session keeps them (in the
 * module's session table on either database) and node-saml writes them out; AD FS also requires
 * that request signed.
 */
import request from 'supertest';
import { PEOPLE, SP_ENTITY_ID, signIn } from '../support/saml-app.js';
import { describeEachDb } from '../support/databases.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { decodeRedirect } from '../../src/testing/index.js';
import { quirkyIdp, signingSp } from './quirks.js';

const ADFS_ISSUER = 'http://adfs.corp.example/adfs/services/trust';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

describeEachDb('NameID qualifiers kept for single logout (AD FS)', (kind) => {
  const env = useSamlEnv(kind);
  const adfs = quirkyIdp({ nameQualifier: ADFS_ISSUER, spNameQualifier: SP_ENTITY_ID }, ADFS_ISSUER);
  const plain = quirkyIdp({}, ADFS_ISSUER);
  const t = env.app({ idp: adfs, saml: { sp: signingSp } });

  it('names the NameID with its Format, NameQualifier and SPNameQualifier in the signed LogoutRequest', async () => {
    const agent = request.agent(t.http);
    expect((await signIn(agent, adfs, PEOPLE.alice, '/portal', { nameIdFormat: PERSISTENT })).status).toBe(303);
    await agent.post('/portal/link').set('X-Nomos-Portal', '1').expect(200); // the session was stored and read back
    const location = (await agent.post('/auth/saml/logout').expect(302)).headers.location;
    const sent = adfs.parseLogoutRequest(location);
    expect(sent).toMatchObject({
      nameId: PEOPLE.alice.nameId,
      nameIdFormat: PERSISTENT,
      nameQualifier: ADFS_ISSUER,
      spNameQualifier: SP_ENTITY_ID,
      signatureValid: true,
    });
  });

  it('sends no qualifier the IdP did not send', async () => {
    const agent = request.agent(t.http);
    expect((await signIn(agent, plain, PEOPLE.alice)).status).toBe(303);
    const location = (await agent.post('/auth/saml/logout').expect(302)).headers.location;
    expect(decodeRedirect(location).xml).not.toMatch(/NameQualifier=/);
  });
});
