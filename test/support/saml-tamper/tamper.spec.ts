import type { SamlConfig } from '@node-saml/node-saml';
import * as tamper from './tamper.js';
import { TestIdp, type LoginResponseOptions, testKeys } from '../../../src/testing/index.js';
import {
  SP_ACS_URL,
  SP_ENTITY_ID,
  startLogin,
  strictSaml,
} from '../../../src/testing/test-idp/strict-sp.spec-helper.js';

const ALICE = { nameId: 'alice@corp.example', email: 'alice@corp.example', groups: ['staff'] };
const certA = testKeys().idpA.cert;

type Attack = (idp: TestIdp, signed: string) => string | Promise<string>;

/** Every attack of issue 3 (acceptance point 2) that node-saml 5.1.0 refuses, with the error it gives. */
const REFUSED: Array<[string, Attack, RegExp]> = [
  ['stripSignatures', (_idp, r) => tamper.stripSignatures(r), /^Invalid (document )?signature$/],
  [
    'changeAttributeAfterSigning',
    (_idp, r) => tamper.changeAttributeAfterSigning(r),
    /^Invalid (document )?signature$/,
  ],
  ['changeNameIdAfterSigning', (_idp, r) => tamper.changeNameIdAfterSigning(r), /^Invalid (document )?signature$/],
  [
    'wrapWithUnsignedAssertionBefore',
    (_idp, r) => tamper.wrapWithUnsignedAssertionBefore(r),
    /^Invalid (document )?signature/,
  ],
  [
    'wrapWithUnsignedAssertionAfter',
    (_idp, r) => tamper.wrapWithUnsignedAssertionAfter(r),
    /^Invalid (document )?signature/,
  ],
  [
    'moveSignedAssertionIntoExtensions',
    (_idp, r) => tamper.moveSignedAssertionIntoExtensions(r),
    /^Invalid (document )?signature/,
  ],
  [
    'duplicateSignedInfo',
    (_idp, r) => tamper.duplicateSignedInfo(r),
    /^could not load signature that contains multiple SignedInfo nodes$/,
  ],
  ['commentInDigestValue', (_idp, r) => tamper.commentInDigestValue(r), /^Invalid (document )?signature$/],
  [
    'hmacWithPublicCert (HMAC-SHA256)',
    (_idp, r) => tamper.hmacWithPublicCert(r, certA),
    /^Invalid (document )?signature$/,
  ],
  [
    'hmacWithPublicCert (HMAC-SHA1)',
    (_idp, r) => tamper.hmacWithPublicCert(r, certA, undefined, tamper.HMAC_SHA1),
    /^Invalid (document )?signature$/,
  ],
  [
    'signed error response + appended assertion',
    (idp) => tamper.appendForgedAssertionToSignedErrorResponse(idp),
    /^Invalid (document )?signature$/,
  ],
  [
    'signed error response + assertion in a decoy signature',
    (idp) => tamper.appendForgedAssertionToSignedErrorResponse(idp, {}, undefined, 'decoySignature'),
    /^Too many signatures found for this element$/,
  ],
  [
    'addDoctype with the entity used in NameID',
    (_idp, r) => tamper.addDoctype(r, { useEntity: true }),
    /entity not found:&who;/,
  ],
  ['garbage', () => tamper.garbage(), /^Not a valid XML document$/],
];

/**
 * The strict configuration, and the two relaxations an SP might offer for IdPs that sign only one
 * element (Entra ID signs only the assertion by default): the attacks must fail in all three.
 */
const MODES: Array<[string, Partial<SamlConfig>, Partial<LoginResponseOptions>]> = [
  ['both signatures required', {}, {}],
  ['assertion signature only', { wantAuthnResponseSigned: false }, { signResponse: false }],
  ['response signature only', { wantAssertionsSigned: false }, { signAssertion: false }],
];

describe.each(MODES)('node-saml 5.1.0 with %s', (_mode, samlOverrides, idpOverrides) => {
  async function attempt(attack?: Attack) {
    const saml = strictSaml(samlOverrides);
    const idp = new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
    await startLogin(saml, idp);
    const signed = await idp.loginResponse({ user: ALICE, ...idpOverrides });
    const samlResponse = attack ? await attack(idp, signed.samlResponse) : signed.samlResponse;
    return saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  }

  it("accepts the untouched response (so each refusal below is the attack's doing)", async () => {
    await expect(attempt()).resolves.toMatchObject({ profile: { nameID: 'alice@corp.example', groups: 'staff' } });
  });

  it.each(REFUSED)('refuses %s', async (_name, attack, error) => {
    const outcome = await attempt(attack).then(
      (r) => ({ accepted: r.profile?.nameID }),
      (e: Error) => ({ refused: e.message }),
    );
    expect(outcome).toEqual({ refused: expect.stringMatching(error) });
  });
});
