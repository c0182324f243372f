import { TestIdp } from '../test-idp.js';
import { SP_ACS_URL, SP_ENTITY_ID, SP_SLO_URL, strictSaml } from '../strict-sp.helper.js';
import { testKeys } from '../test-keys.js';
import { generateServiceProviderMetadata } from '@node-saml/node-saml';

it('signed requests + slo', async () => {
  const k = testKeys();
  const saml = strictSaml({ privateKey: k.spSigning.key, publicCert: k.spSigning.cert, decryptionPvk: k.spEncryption.key });
  const meta = saml.generateServiceProviderMetadata(k.spEncryption.cert, k.spSigning.cert);
  console.log(meta);
  const idp = new TestIdp({ sp: { metadataXml: meta } });
  console.log(idp.sp);
  for (const rs of ['/portal', '/portal?x=a b', "/p/(x)!~*'", '']) {
    const url = await saml.getAuthorizeUrlAsync(rs, undefined, {});
    console.log(rs, JSON.stringify(idp.parseAuthnRequest(url)), url.slice(url.indexOf('RelayState')-1, url.indexOf('RelayState') + 60));
  }
  const logoutUrl = await saml.getLogoutUrlAsync({ issuer: 'x', nameID: 'alice@corp.example', nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', sessionIndex: '_s1' } as never, '/bye', {});
  const lr = idp.parseLogoutRequest(logoutUrl);
  console.log(logoutUrl.slice(0, 60), lr);
  const resp = idp.logoutResponse({ inResponseTo: lr.id, destination: SP_SLO_URL, relayState: '/bye' });
  const u = new URL(resp.redirectUrl);
  console.log(await saml.validateRedirectAsync(Object.fromEntries(u.searchParams), u.search.slice(1)));
  try { console.log(await saml.validateRedirectAsync(Object.fromEntries(u.searchParams), u.search.slice(1))); } catch (e) { console.log('replay', (e as Error).message); }
  const req = idp.logoutRequest({ nameId: 'alice@corp.example', sessionIndex: '_s1', destination: SP_SLO_URL });
  const u2 = new URL(req.redirectUrl);
  console.log(await saml.validateRedirectAsync(Object.fromEntries(u2.searchParams), u2.search.slice(1)));
  const req2 = idp.logoutRequest({ nameId: 'alice@corp.example', sessionIndex: '_s1', destination: SP_SLO_URL, signed: false });
  const u3 = new URL(req2.redirectUrl);
  try { console.log('unsigned', await saml.validateRedirectAsync(Object.fromEntries(u3.searchParams), u3.search.slice(1))); } catch (e) { console.log('unsigned rejected', (e as Error).message); }
  const bad = new TestIdp({ signingKey: { key: k.attacker.key, cert: k.attacker.cert }, sp: { metadataXml: meta } });
  const req3 = bad.logoutRequest({ nameId: 'alice@corp.example', destination: SP_SLO_URL });
  const u4 = new URL(req3.redirectUrl);
  try { console.log('attacker', await saml.validateRedirectAsync(Object.fromEntries(u4.searchParams), u4.search.slice(1))); } catch (e) { console.log('attacker rejected', (e as Error).message); }
  void generateServiceProviderMetadata;
});
