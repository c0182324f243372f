import { logValue } from '../common/log-value.js';
import { readAssertionAuthn, type AssertionAuthnFacts } from './assertion-authn.js';
import { decodeXmlMessage, MAX_RESPONSE_XML_BYTES, RESPONSE_SHAPE } from './saml-message-bounds.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { parseWellFormedXml } from './xml-document.js';
import { DS_NS, SAML_NS, SAMLP_NS } from './xml-namespaces.js';

/**
 * Cheap checks before any XML parser or signature code sees the message, all linear in its
 * length: strict base64 (a regular expression with overlapping classes took seconds on a body of
 * line breaks), at most {@link MAX_RESPONSE_XML_BYTES} of XML (the ACS guard has already applied
 * `saml.maxResponseBytes`), and the XML preflight: no DOCTYPE or other declaration (entity
 * expansion and external entities have no use in SAML), no processing instructions, and the fixed
 * caps on depth, elements (512), attributes and namespace declarations.
 * @throws SamlLoginRejectedError
 */
export function preflightSamlResponse(encoded: unknown): void {
  const reject = (reason: string) => new SamlLoginRejectedError(reason);
  if (typeof encoded !== 'string' || encoded.length === 0) throw reject('no SAMLResponse in the body');
  const maxBase64Chars = Math.ceil(MAX_RESPONSE_XML_BYTES / 3) * 4 * 2; // line breaks allowed
  decodeXmlMessage(encoded, 'SAMLResponse', { maxBase64Chars, shape: RESPONSE_SHAPE }, reject);
}

/** Facts read from XML that node-saml has already verified (signed Response / signed Assertion). */
export interface VerifiedSamlFacts {
  destination?: string;
  status?: string;
  /** Issuer of the Response (if it names one) and of the Assertion. */
  issuers: string[];
  recipients: string[];
  assertionId: string;
  notOnOrAfter?: Date;
  /** SAML or `ds:Object` content somewhere other than in the one verified assertion. */
  strayContent: boolean;
  /** The assertion's AuthnStatement: session index, instant and context class. */
  authn: AssertionAuthnFacts;
}

function parse(xml: string, what: string): Document {
  const doc = parseWellFormedXml(xml);
  if (!doc) throw new SamlLoginRejectedError(`${what} is not well-formed`);
  return doc;
}

const all = (parent: Document | Element, ns: string, name: string): Element[] =>
  Array.from(parent.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);

/**
 * Reads what node-saml does not check itself: the Response `Destination` and the
 * SubjectConfirmationData `Recipient`, plus the assertion id and lifetime for the replay cache,
 * and the AuthnStatement facts the session user carries for the audit.
 * Both inputs come from node-saml after signature validation: `responseXml` is the Response whose
 * root was verified (when responses must be signed), `assertionXml` the verified Assertion.
 */
export function readVerifiedFacts(responseXml: string, assertionXml: string): VerifiedSamlFacts {
  const response = parse(responseXml, 'Response').documentElement;
  const assertion = parse(assertionXml, 'Assertion').documentElement;
  if (response.namespaceURI !== SAMLP_NS || response.localName !== 'Response')
    throw new SamlLoginRejectedError('root is not a Response');
  if (assertion.namespaceURI !== SAML_NS || assertion.localName !== 'Assertion')
    throw new SamlLoginRejectedError('no Assertion');
  const confirmations = all(assertion, SAML_NS, 'SubjectConfirmationData');
  const limits = [...all(assertion, SAML_NS, 'Conditions'), ...confirmations]
    .map((e) => e.getAttribute('NotOnOrAfter'))
    .filter((v): v is string => !!v)
    .map((v) => new Date(v))
    .filter((d) => !Number.isNaN(d.getTime()));
  const statusCode = all(response, SAMLP_NS, 'StatusCode')[0];
  const issuerOf = (parent: Element) =>
    Array.from(parent.childNodes as unknown as ArrayLike<Element>).find(
      (n) => n.localName === 'Issuer' && n.namespaceURI === SAML_NS,
    );
  const assertionId = assertion.getAttribute('ID') || '';
  return {
    strayContent: hasStrayContent(response, assertionId),
    destination: response.getAttribute('Destination') || undefined,
    status: statusCode?.getAttribute('Value') ?? undefined,
    issuers: [issuerOf(response), issuerOf(assertion)]
      .filter((e): e is Element => !!e)
      .map((e) => (e.textContent ?? '').trim()),
    recipients: confirmations.map((e) => e.getAttribute('Recipient') ?? ''),
    assertionId,
    notOnOrAfter: limits.length ? new Date(Math.max(...limits.map((d) => d.getTime()))) : undefined,
    authn: readAssertionAuthn(assertion),
  };
}

/**
 * True when the Response carries assertion-namespace content outside its single (possibly
 * encrypted) assertion, or a `ds:Object`. Signatures stay valid when such content sits inside the
 * Response's own Signature element (the enveloped transform leaves it out of the digest); a
 * reader that took the first NameID in the document would then read attacker text.
 */
function hasStrayContent(response: Element, assertionId: string): boolean {
  const plain = all(response, SAML_NS, 'Assertion');
  const encrypted = all(response, SAML_NS, 'EncryptedAssertion');
  if (plain.length + encrypted.length !== 1 || all(response, DS_NS, 'Object').length > 0) return true;
  const container = encrypted[0] ?? plain[0];
  if (plain[0] && plain[0].getAttribute('ID') !== assertionId) return true;
  const responseIssuer = Array.from(response.childNodes as unknown as ArrayLike<Element>).find(
    (n) => n.localName === 'Issuer',
  );
  return Array.from(response.getElementsByTagNameNS(SAML_NS, '*') as unknown as ArrayLike<Element>).some(
    (element) => element !== container && element !== responseIssuer && !isInside(element, container),
  );
}

function isInside(element: Element, container: Element): boolean {
  for (let node = element.parentNode; node; node = node.parentNode) if (node === container) return true;
  return false;
}

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/**
 * What node-saml 5.1 leaves unchecked on a login response (see src/testing/test-idp/README.md):
 * the top-level status, who issued it, and which endpoint it was meant for.
 * @throws SamlLoginRejectedError
 */
export function checkVerifiedFacts(facts: VerifiedSamlFacts, expected: { acsUrl: string; idpEntityId: string }): void {
  if (facts.status !== SUCCESS) throw new SamlLoginRejectedError('Response status is not Success');
  if (facts.strayContent) throw new SamlLoginRejectedError('SAML content outside the signed assertion');
  const wrongIssuer =
    facts.issuers.length === 0 ? '(none)' : facts.issuers.find((issuer) => issuer !== expected.idpEntityId);
  if (wrongIssuer !== undefined) {
    throw new SamlLoginRejectedError(`Issuer is not the configured IdP${mismatch(expected.idpEntityId, wrongIssuer)}`);
  }
  checkAddressedTo(facts, expected.acsUrl);
}

/**
 * `(expected "…", received "…")` for a refusal's log line, so an operator sees a misconfigured
 * URL at once. The received value comes from a verified response but is still the sender's text:
 * escaped (one log line, no control characters) and cut short.
 */
function mismatch(expected: string, received: string | undefined): string {
  const shown = received === undefined ? 'none' : `"${logValue(received, 200)}"`;
  return ` (expected "${logValue(expected, 200)}", received ${shown})`;
}

function checkAddressedTo(facts: VerifiedSamlFacts, acsUrl: string): void {
  // A signed POST-binding response must name its Destination (SAML bindings §3.5.5.2).
  if (facts.destination !== acsUrl) {
    throw new SamlLoginRejectedError(`Destination is not this ACS${mismatch(acsUrl, facts.destination)}`);
  }
  const wrongRecipient = facts.recipients.length === 0 ? undefined : facts.recipients.find((r) => r !== acsUrl);
  if (facts.recipients.length === 0 || wrongRecipient !== undefined) {
    throw new SamlLoginRejectedError(
      `SubjectConfirmationData Recipient is not this ACS${mismatch(acsUrl, wrongRecipient)}`,
    );
  }
  if (!facts.assertionId) throw new SamlLoginRejectedError('Assertion has no ID');
}
