/**
 * The refusals of issue 3, acceptance point 2, that share one shape: a fresh browser starts a real
 * login, the attack builds the response, the ACS must answer 401 with one log line saying why.
 */
import * as tamper from '../support/saml-tamper/tamper.js';
import { type TestIdp, testKeys } from '../../src/testing/index.js';
import { STATUS_RESPONDER } from '../support/saml-tamper/tamper-signed.js';
import type { Attack } from './attack-context.js';
import {
  attributeOutsideSignedReference,
  nameIdOutsideSignedReference,
  sameIdTwinAfterSignedAssertion,
} from './outside-reference.js';

/** One refusal case: its name, how to build the response, and what the logged reason must say. */
export type RefusalCase = [name: string, attack: Attack, reason: RegExp];

const SIGNATURE = /^Invalid document signature$/;
const DOCTYPE = /^SAMLResponse contains a DOCTYPE$/;
const OUTSIDE = /^SAML content outside the signed assertion$/;
const seconds = (s: number) => new Date(Date.now() + s * 1000);

/**
 * Every case of the table. `otherIdp` is an IdP with another entity id that signs with the trusted
 * key; `idpCertPem` is the certificate the app trusts (the HMAC key of the confusion attack).
 */
export function refusalCases(otherIdp: TestIdp, idpCertPem = testKeys().idpA.cert): RefusalCase[] {
  return [
    ['unsigned response and assertion', async (c) => tamper.stripSignatures(await c.sign()), SIGNATURE],
    ['signed by an unknown key', (c) => c.sign({ signingKey: 'attacker' }), SIGNATURE],
    [
      'an attribute changed after signing',
      async (c) => tamper.changeAttributeAfterSigning(await c.sign(), 'email', [c.person.evil]),
      SIGNATURE,
    ],
    [
      'the NameID changed after signing',
      async (c) => tamper.changeNameIdAfterSigning(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    [
      'wrong audience',
      (c) => c.sign({ audience: 'https://other-sp.example/saml' }),
      /^SAML assertion audience mismatch\. Expected: https:\/\/intranet\.corp\.example\/saml Received: https:\/\/other-sp\.example\/saml$/,
    ],
    [
      'wrong Destination',
      (c) => c.sign({ destination: 'http://localhost:4400/other/acs' }),
      /^Destination is not this ACS \(expected "http:\/\/localhost:4400\/auth\/saml\/acs", received "http:\/\/localhost:4400\/other\/acs"\)$/,
    ],
    [
      'wrong SubjectConfirmationData Recipient',
      (c) => c.sign({ recipient: 'http://localhost:4400/other/acs' }),
      /^SubjectConfirmationData Recipient is not this ACS \(expected "http:\/\/localhost:4400\/auth\/saml\/acs", received "http:\/\/localhost:4400\/other\/acs"\)$/,
    ],
    // The test apps accept 2 s of clock skew.
    [
      'NotOnOrAfter 5 s past (skew 2 s)',
      (c) => c.sign({ notOnOrAfter: seconds(-5) }),
      /^No valid subject confirmation found among those available in the SAML assertion$/,
    ],
    ['NotBefore 5 s ahead (skew 2 s)', (c) => c.sign({ notBefore: seconds(5) }), /^SAML assertion not yet valid$/],
    [
      'an unknown InResponseTo',
      (c) => c.sign({ inResponseTo: `_unknown${c.requestId.slice(1)}` }),
      /^InResponseTo is not valid$/,
    ],
    [
      'an unsolicited response (IdP-initiated login is off)',
      (c) => c.sign({ inResponseTo: null }),
      /^InResponseTo is missing from response$/,
    ],
    [
      'wrapping: unsigned assertion before the signed one',
      async (c) => tamper.wrapWithUnsignedAssertionBefore(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    [
      'wrapping: unsigned assertion after the signed one',
      async (c) => tamper.wrapWithUnsignedAssertionAfter(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    [
      'wrapping: signed assertion moved into Extensions',
      async (c) => tamper.moveSignedAssertionIntoExtensions(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    // Every signature stays valid here: the hidden content is where a reader of the raw document,
    // not of the signed bytes, would look first. The app's own check (anything but the signed
    // assertion inside the Response) refuses it, before node-saml is asked.
    [
      'NameID outside the signed reference (ds:Object of the Response signature)',
      async (c) => nameIdOutsideSignedReference(await c.sign(), c.person.evil),
      OUTSIDE,
    ],
    [
      'attribute outside the signed reference (ds:Object of the Response signature)',
      async (c) => attributeOutsideSignedReference(await c.sign(), 'email', [c.person.evil]),
      OUTSIDE,
    ],
    [
      'NameID outside the signed reference (same-ID twin after the signed assertion)',
      async (c) => sameIdTwinAfterSignedAssertion(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    [
      'two SignedInfo elements',
      async (c) => tamper.duplicateSignedInfo(await c.sign(), c.person.evil),
      /^could not load signature that contains multiple SignedInfo nodes$/,
    ],
    [
      'a comment inside DigestValue, content tampered',
      async (c) => tamper.commentInDigestValue(await c.sign(), c.person.evil),
      SIGNATURE,
    ],
    [
      'HMAC-SHA256 keyed with the IdP certificate',
      async (c) => tamper.hmacWithPublicCert(await c.sign(), idpCertPem, c.person.evil),
      SIGNATURE,
    ],
    [
      'HMAC-SHA1 keyed with the IdP certificate',
      async (c) => tamper.hmacWithPublicCert(await c.sign(), idpCertPem, c.person.evil, tamper.HMAC_SHA1),
      SIGNATURE,
    ],
    [
      'signed error response, forged assertion appended',
      (c) => tamper.appendForgedAssertionToSignedErrorResponse(c.idp, { inResponseTo: c.requestId }, c.person.evil),
      SIGNATURE,
    ],
    [
      'signed error response, forged assertion in a decoy signature',
      (c) =>
        tamper.appendForgedAssertionToSignedErrorResponse(
          c.idp,
          { inResponseTo: c.requestId },
          c.person.evil,
          'decoySignature',
        ),
      /^Too many signatures found for this element$/,
    ],
    [
      'non-Success top-level status around a signed assertion',
      (c) => c.sign({ statusCode: STATUS_RESPONDER }),
      /^Response status is not Success$/,
    ],
    [
      'Issuer of another IdP, signed with the trusted key',
      async (c) =>
        (
          await otherIdp.loginResponse({
            user: { nameId: c.person.nameId, email: c.person.email },
            inResponseTo: c.requestId,
          })
        ).samlResponse,
      /^Issuer is not the configured IdP \(expected "https:\/\/idp\.test\.example\/metadata", received "[^"]+"\)$/,
    ],
    ['a DOCTYPE with an entity declaration', async (c) => tamper.addDoctype(await c.sign()), DOCTYPE],
    [
      'a DOCTYPE whose entity is used in the NameID',
      async (c) => tamper.addDoctype(await c.sign(), { useEntity: true }),
      DOCTYPE,
    ],
    ['non-base64 garbage', () => tamper.garbage(), /^SAMLResponse is not base64$/],
  ];
}
