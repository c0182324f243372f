import { assertionOf, editResponse, EVIL_NAME_ID, signatureOf, toXml } from './tamper-dom.js';
import type { TestIdp, LoginResponseOptions } from '../../../src/testing/index.js';
import { elementsByName, NS_DS, NS_SAML, parseXml, serializeXml } from '../../../src/testing/test-idp/xml-dom.js';

/** Login options for the signed attack helpers: the user and the signing hook are theirs. */
export type SignedAttackOptions = Omit<LoginResponseOptions, 'user' | 'beforeSign'>;

/** Top-level status of a validly signed error response. */
export const STATUS_RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

/**
 * A login response the IdP validly signs with a comment splitting the NameID:
 * `alice@corp.example<!---->.evil.example`. The signed (comment-free canonical) value is
 * `alice@corp.example.evil.example`; an SP that reads only the first text node gets `alice@corp.example`.
 * @returns the base64 `SAMLResponse`
 */
export async function nameIdWithComment(
  idp: TestIdp,
  opts: SignedAttackOptions = {},
  before = 'alice@corp.example',
  after = '.evil.example',
): Promise<string> {
  const splitNameId = (xml: string) => {
    const doc = parseXml(xml);
    const nameId = elementsByName(doc, NS_SAML, 'NameID')[0];
    while (nameId.firstChild) nameId.removeChild(nameId.firstChild);
    nameId.appendChild(doc.createTextNode(before));
    nameId.appendChild(doc.createComment(''));
    nameId.appendChild(doc.createTextNode(after));
    return serializeXml(doc);
  };
  const { samlResponse } = await idp.loginResponse({
    ...opts,
    user: { nameId: before + after, email: before + after },
    beforeSign: splitNameId,
  });
  return samlResponse;
}

/**
 * A Response the IdP validly signs with a failure status and no assertion, then an unsigned forged
 * assertion (another user) added: as a direct child of the Response (`'child'`), or inside a
 * `ds:Object` of a decoy copy of the genuine signature (`'decoySignature'`).
 * @returns the base64 `SAMLResponse`
 */
export async function appendForgedAssertionToSignedErrorResponse(
  idp: TestIdp,
  opts: SignedAttackOptions = {},
  nameId = EVIL_NAME_ID,
  placement: 'child' | 'decoySignature' = 'child',
): Promise<string> {
  const dropAssertion = (xml: string) => {
    const doc = parseXml(xml);
    const response = doc.documentElement;
    response.removeChild(assertionOf(response));
    return serializeXml(doc);
  };
  const error = await idp.loginResponse({
    ...opts,
    user: { nameId: 'nobody' },
    statusCode: opts.statusCode ?? STATUS_RESPONDER,
    signAssertion: false,
    signResponse: true,
    beforeSign: dropAssertion,
  });
  const forgedSource = await idp.loginResponse({
    ...opts,
    user: { nameId, email: nameId },
    signAssertion: false,
    signResponse: false,
  });
  return editResponse(error.samlResponse, (doc, response) => {
    const forged = doc.importNode(assertionOf(parseXml(toXml(forgedSource.samlResponse)).documentElement), true);
    if (placement === 'child') {
      response.appendChild(forged);
      return;
    }
    const decoy = signatureOf(response)!.cloneNode(true) as Element;
    const object = doc.createElementNS(NS_DS, 'ds:Object');
    object.appendChild(forged);
    decoy.appendChild(object);
    response.appendChild(decoy);
  });
}
