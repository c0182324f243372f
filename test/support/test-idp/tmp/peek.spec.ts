import { TestIdp } from '../test-idp.js';
import * as t from '../tamper.js';
import { SP_ACS_URL, SP_ENTITY_ID, strictSaml } from '../strict-sp.helper.js';
import { testKeys } from '../test-keys.js';

const USER = { nameId: 'alice@corp.example', email: 'alice@corp.example', groups: ['staff'] };
type Mk = (idp: TestIdp, base: string) => Promise<string> | string;
const cases: Record<string, Mk> = {
  baseline: (_i, b) => b,
  stripSignatures: (_i, b) => t.stripSignatures(b),
  changeAttributeAfterSigning: (_i, b) => t.changeAttributeAfterSigning(b),
  changeNameIdAfterSigning: (_i, b) => t.changeNameIdAfterSigning(b),
  wrapBefore: (_i, b) => t.wrapWithUnsignedAssertionBefore(b),
  wrapAfter: (_i, b) => t.wrapWithUnsignedAssertionAfter(b),
  extensions: (_i, b) => t.moveSignedAssertionIntoExtensions(b),
  nameIdWithComment: (i) => t.nameIdWithComment(i, {}),
  duplicateSignedInfo: (_i, b) => t.duplicateSignedInfo(b),
  commentInDigestValue: (_i, b) => t.commentInDigestValue(b),
  hmac256: (_i, b) => t.hmacWithPublicCert(b, testKeys().idpA.cert),
  hmac1: (_i, b) => t.hmacWithPublicCert(b, testKeys().idpA.cert, undefined, t.HMAC_SHA1),
  errChild: (i) => t.appendForgedAssertionToSignedErrorResponse(i, {}),
  errDecoy: (i) => t.appendForgedAssertionToSignedErrorResponse(i, {}, undefined, 'decoySignature'),
  doctype: (_i, b) => t.addDoctype(b),
  doctypeEntity: (_i, b) => t.addDoctype(b, { useEntity: true }),
  garbage: () => t.garbage(),
  oversize: (_i, b) => t.oversize(200000, b),
};
for (const mode of ['strict', 'assertionOnly', 'responseOnly'] as const) {
  it(`matrix ${mode}`, async () => {
    const out: string[] = [];
    for (const [name, mk] of Object.entries(cases)) {
      const saml = strictSaml(mode === 'strict' ? {} : mode === 'assertionOnly' ? { wantAuthnResponseSigned: false } : { wantAssertionsSigned: false });
      const idp = new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
      idp.parseAuthnRequest(await saml.getAuthorizeUrlAsync('', undefined, {}));
      const flags = mode === 'strict' ? {} : mode === 'assertionOnly' ? { signResponse: false } : { signAssertion: false };
      const base = (await idp.loginResponse({ user: USER, ...flags })).samlResponse;
      let res: string;
      try {
        const saml64 = await mk(idp, base);
        const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: saml64 });
        res = `ACCEPTED nameID=${profile?.nameID} groups=${JSON.stringify(profile?.groups)}`;
      } catch (e) { res = `rejected: ${(e as Error).message.slice(0, 140)}`; }
      out.push(`${name}: ${res}`);
    }
    console.log(mode + '\n' + out.join('\n'));
  });
}
