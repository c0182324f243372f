import { TestIdp } from '../test-idp.js';
import { SP_ACS_URL, SP_ENTITY_ID, strictSaml } from '../strict-sp.helper.js';
import { ValidateInResponseTo } from '@node-saml/node-saml';

const USER = { nameId: 'alice@corp.example', email: 'alice@corp.example', groups: ['staff'] };
const now = () => Date.now();
const cases: () => Record<string, [object, object?, object?]> = () => ({
  destination: [{ destination: 'https://evil.example/acs' }],
  recipient: [{ recipient: 'https://evil.example/acs' }],
  audience: [{ audience: 'https://other-sp.example' }],
  statusResponderWithAssertion: [{ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }],
  otherIssuer: [{}, { entityId: 'https://other-idp.example/metadata' }],
  attacker: [{ signingKey: 'attacker' }],
  keyB: [{ signingKey: 'B' }],
  assertionOnly: [{ signResponse: false }],
  responseOnly: [{ signAssertion: false }],
  unsolicited: [{ inResponseTo: null }],
  unknownIrt: [{ inResponseTo: '_unknown' }],
  expiredInSkew: [{ notOnOrAfter: new Date(now() - 1000) }],
  expiredOutSkew: [{ notOnOrAfter: new Date(now() - 3000) }],
  nbInSkew: [{ notBefore: new Date(now() + 1000) }],
  nbOutSkew: [{ notBefore: new Date(now() + 3000) }],
  encrypted: [{ encrypt: true }],
  encryptedAssertionOnly: [{ encrypt: true, signResponse: false }],
  unsolicitedIfPresent: [{ inResponseTo: null }, {}, { validateInResponseTo: ValidateInResponseTo.ifPresent }],
  oldIssueInstant: [{ issueInstant: new Date(now() - 86400e3) }],
});
it('matrix', async () => {
  const { testKeys } = await import('../test-keys.js');
  const out: string[] = [];
  for (const name of Object.keys(cases())) {
    const [opts, idpOpts, samlOpts] = cases()[name]!;
    const saml = strictSaml({ decryptionPvk: testKeys().spEncryption.key, ...(samlOpts ?? {}) });
    const idp = new TestIdp({ ...(idpOpts ?? {}), sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL, encryptCert: testKeys().spEncryption.cert } });
    idp.parseAuthnRequest(await saml.getAuthorizeUrlAsync('', undefined, {}));
    let res: string;
    try {
      const r = await idp.loginResponse({ user: USER, ...opts });
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: r.samlResponse });
      res = `ACCEPTED nameID=${profile?.nameID}`;
      try { await saml.validatePostResponseAsync({ SAMLResponse: r.samlResponse }); res += ' / replay ACCEPTED'; } catch (e) { res += ` / replay rejected: ${(e as Error).message}`; }
    } catch (e) { res = `rejected: ${(e as Error).message.slice(0, 140)}`; }
    out.push(`${name}: ${res}`);
  }
  console.log(out.join('\n'));
});
