import { createVerify } from 'node:crypto';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import * as tamper from './tamper.js';
import { referenceDigest, signatureParts } from './tamper-crypto.js';
import { assertionOf, toXml } from './tamper-dom.js';
import { TestIdp, testKeys } from '../../../src/testing/index.js';
import {
  SP_ACS_URL,
  SP_ENTITY_ID,
  startLogin,
  strictSaml,
} from '../../../src/testing/test-idp/strict-sp.spec-helper.js';
import {
  childElement,
  elementsByName,
  NS_SAML,
  NS_SAMLP,
  parseXml,
  serializeXml,
} from '../../../src/testing/test-idp/xml-dom.js';

const ALICE = { nameId: 'alice@corp.example', email: 'alice@corp.example', groups: ['staff'] };
const certA = testKeys().idpA.cert;
const newIdp = () => new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
const responseOf = (saml: string) => parseXml(toXml(saml)).documentElement;

async function signedLogin() {
  const saml = strictSaml();
  const idp = newIdp();
  await startLogin(saml, idp);
  return { saml, idp, response: await idp.loginResponse({ user: ALICE }) };
}

// What node-saml 5.1.0 ACCEPTS from the attack list: each needs a check of the SP's own.
describe('attacks node-saml 5.1.0 lets through (the SP must check these itself)', () => {
  it('nameIdWithComment: validly signed; node-saml reads the whole signed text, not "alice@corp.example"', async () => {
    const { saml, idp } = await signedLogin();
    const samlResponse = await tamper.nameIdWithComment(idp);
    expect(toXml(samlResponse)).toContain('>alice@corp.example<!---->.evil.example</saml:NameID>');
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile?.nameID).toBe('alice@corp.example.evil.example');
  });

  it('addDoctype: a DOCTYPE with an entity declaration (not referenced) is accepted as is', async () => {
    const { saml, response } = await signedLogin();
    const samlResponse = tamper.addDoctype(response.samlResponse);
    expect(toXml(samlResponse)).toMatch(
      /^<!DOCTYPE samlp:Response \[<!ENTITY who "mallory@evil\.example">\]><samlp:Response /,
    );
    await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).resolves.toMatchObject({
      profile: { nameID: 'alice@corp.example' },
    });
  });

  it('oversize: node-saml has no size limit (the 413 must come from the body parser)', async () => {
    const { saml, response } = await signedLogin();
    const samlResponse = tamper.oversize(2_000_000, response.samlResponse);
    expect(samlResponse.length).toBeGreaterThanOrEqual(2_000_000);
    await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).resolves.toMatchObject({
      profile: { nameID: 'alice@corp.example' },
    });
  });
});

// The refusals in tamper.spec.ts only mean something if the attacks are real ones.
describe('the tamper helpers build real attacks', () => {
  it('referenceDigest reproduces the digests the IdP signed', async () => {
    const { response } = await signedLogin();
    const root = responseOf(response.samlResponse);
    for (const el of [assertionOf(root), root]) {
      expect(referenceDigest(el)).toBe(signatureParts(el).digestValue.textContent);
    }
  });

  it(
    'commentInDigestValue keeps SignedInfo validly signed ' + "and hides the changed content's digest in a comment",
    async () => {
      const { response } = await signedLogin();
      const root = responseOf(tamper.commentInDigestValue(response.samlResponse));
      for (const el of [assertionOf(root), root]) {
        const { digestValue, signedInfo, signatureValue } = signatureParts(el);
        expect(digestValue.firstChild!.nodeType).toBe(8);
        expect(digestValue.firstChild!.nodeValue).toBe(referenceDigest(el));
        expect(digestValue.textContent).not.toBe(referenceDigest(el));
        const canonical = new ExclusiveCanonicalization().process(signedInfo, {});
        expect(createVerify('RSA-SHA256').update(canonical).verify(certA, signatureValue.textContent, 'base64')).toBe(
          true,
        );
      }
      expect(elementsByName(root, NS_SAML, 'NameID')[0].textContent).toBe(tamper.EVIL_NAME_ID);
    },
  );

  it(
    'hmacWithPublicCert verifies under an xml-crypto that ' + 'has HMAC enabled (the confusion node-saml avoids)',
    async () => {
      const { response } = await signedLogin();
      const xml = toXml(tamper.hmacWithPublicCert(response.samlResponse, certA, undefined, tamper.HMAC_SHA1));
      const verifier = new SignedXml({ publicCert: certA });
      verifier.enableHMAC();
      verifier.loadSignature(signatureParts(parseXml(xml).documentElement).signature);
      expect(verifier.checkSignature(xml)).toBe(true);
    },
  );

  it('moveSignedAssertionIntoExtensions keeps the genuine signed assertion inside samlp:Extensions', async () => {
    const { response } = await signedLogin();
    const root = responseOf(tamper.moveSignedAssertionIntoExtensions(response.samlResponse));
    const hidden = childElement(childElement(root, NS_SAMLP, 'Extensions')!, NS_SAML, 'Assertion')!;
    expect(hidden.getAttribute('ID')).toBe(response.assertionId);
    expect(elementsByName(hidden, NS_SAML, 'NameID')[0].textContent).toBe('alice@corp.example');
    expect(elementsByName(assertionOf(root), NS_SAML, 'NameID')[0].textContent).toBe(tamper.EVIL_NAME_ID);
  });

  it('the wrapping helpers leave the signed assertion untouched next to an unsigned evil one', async () => {
    const { response } = await signedLogin();
    for (const [wrap, evilFirst] of [
      [tamper.wrapWithUnsignedAssertionBefore, true],
      [tamper.wrapWithUnsignedAssertionAfter, false],
    ] as const) {
      const assertions = elementsByName(responseOf(wrap(response.samlResponse)), NS_SAML, 'Assertion');
      const [evil, genuine] = evilFirst ? assertions : [...assertions].reverse();
      expect(genuine.getAttribute('ID')).toBe(response.assertionId);
      expect(elementsByName(evil, NS_SAML, 'NameID')[0].textContent).toBe(tamper.EVIL_NAME_ID);
      expect(elementsByName(evil, 'http://www.w3.org/2000/09/xmldsig#', 'Signature')).toHaveLength(0);
    }
  });
});

describe('appendForgedAssertionToSignedErrorResponse', () => {
  it(
    'starts from a validly signed error response (without ' + 'the forged assertion node-saml reports the IdP status)',
    async () => {
      const { saml, idp } = await signedLogin();
      const doc = parseXml(toXml(await tamper.appendForgedAssertionToSignedErrorResponse(idp)));
      const root = doc.documentElement;
      const forged = assertionOf(root);
      expect(elementsByName(forged, NS_SAML, 'NameID')[0].textContent).toBe(tamper.EVIL_NAME_ID);
      root.removeChild(forged);
      const original = Buffer.from(serializeXml(doc), 'utf8').toString('base64');
      await expect(saml.validatePostResponseAsync({ SAMLResponse: original })).rejects.toThrow(
        'SAML provider returned Responder error: unspecified',
      );
    },
  );
});
