import { decodeXmlMessage, LOGOUT_SHAPE, MAX_LOGOUT_BASE64_CHARS } from './saml-message-bounds.js';
import { parseWellFormedXml } from './xml-document.js';
import { SAML_NS as SAML, SAMLP_NS as SAMLP } from './xml-namespaces.js';

/** RelayState is at most 80 bytes by the bindings spec; some IdPs send more, none this much. */
const MAX_RELAY_STATE_CHARS = 1024;

/** A logout message from the IdP, decoded and shape-checked but not yet signature-verified. */
export interface LogoutMessage {
  param: 'SAMLRequest' | 'SAMLResponse';
  xml: string;
  relayState?: string;
}

/**
 * Reads an HTTP-POST logout message (bindings §3.5) within the caps: base64 length before
 * decoding, XML size and shape (preflight) before any parser. The XML signature inside it is
 * node-saml's to verify afterwards.
 * @throws the `reject` error with a reason safe to log
 */
export function readPostLogoutMessage(body: Record<string, unknown>, reject: (reason: string) => Error): LogoutMessage {
  const present = (['SAMLRequest', 'SAMLResponse'] as const).filter((name) => body[name] !== undefined);
  if (present.length !== 1) throw reject('exactly one of SAMLRequest and SAMLResponse is required');
  const param = present[0];
  const relayState = body.RelayState;
  if (relayState !== undefined && (typeof relayState !== 'string' || relayState.length > MAX_RELAY_STATE_CHARS)) {
    throw reject('RelayState is not a short string');
  }
  const caps = { maxBase64Chars: MAX_LOGOUT_BASE64_CHARS, shape: LOGOUT_SHAPE };
  return {
    param,
    xml: decodeXmlMessage(body[param], param, caps, reject),
    relayState: relayState,
  };
}

/** What the SP itself checks on a logout message's root (node-saml checks neither Destination nor replay). */
export interface LogoutEnvelope {
  kind: 'LogoutRequest' | 'LogoutResponse';
  id: string;
  /** The Issuer text: the IdP's entity id or one of its accepted aliases. */
  issuer: string;
  issueInstant?: Date;
  inResponseTo?: string;
  status?: string;
  notOnOrAfter?: Date;
}

/** What a logout message's root must name: where it was delivered, and who may have issued it. */
export interface LogoutExpectations {
  /** The URL the message arrived at (the logout URL, or the ACS for a POST there). */
  destination: string;
  /** That URL's name in a refusal reason. */
  destinationName: 'logout URL' | 'ACS URL';
  /** The IdP's entity id or an accepted alias (`saml.idp.logoutIssuers`). */
  isIssuer: (issuer: string | undefined) => issuer is string;
}

/**
 * Parses the (size- and shape-checked) XML and checks its root: the element the parameter
 * promises, an ID, the configured IdP (or an accepted alias) as Issuer and the URL it arrived at
 * as Destination (a signed message must name it, bindings §3.4.5.2 and §3.5.5.2), InResponseTo on
 * a LogoutResponse. Refusing on these before the signature is checked only ever refuses.
 */
export function readLogoutEnvelope(
  message: LogoutMessage,
  expected: LogoutExpectations,
  reject: (reason: string) => Error,
): LogoutEnvelope {
  const root = parseWellFormedXml(message.xml)?.documentElement;
  if (!root) throw reject(`${message.param} is not well-formed XML`);
  const kind = message.param === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse';
  if (root.namespaceURI !== SAMLP || root.localName !== kind) throw reject(`${message.param} is not a ${kind}`);
  const children = Array.from(root.childNodes as unknown as ArrayLike<Element>).filter((n) => n.nodeType === 1);
  const issuer = children.find((n) => n.namespaceURI === SAML && n.localName === 'Issuer');
  const issuerText = issuer?.textContent?.trim();
  if (!expected.isIssuer(issuerText)) throw reject('Issuer is not the configured IdP');
  if (root.getAttribute('Destination') !== expected.destination)
    throw reject(`Destination is not this ${expected.destinationName}`);
  const id = root.getAttribute('ID');
  if (!id) throw reject(`${kind} has no ID`);
  const issueInstant = root.getAttribute('IssueInstant') ? new Date(root.getAttribute('IssueInstant')!) : undefined;
  if (kind === 'LogoutRequest') {
    const notOnOrAfter = root.getAttribute('NotOnOrAfter');
    return {
      kind,
      id,
      issuer: issuerText,
      issueInstant,
      notOnOrAfter: notOnOrAfter ? new Date(notOnOrAfter) : undefined,
    };
  }
  const status = children.find((n) => n.namespaceURI === SAMLP && n.localName === 'Status');
  const code = Array.from((status?.childNodes ?? []) as unknown as ArrayLike<Element>).find(
    (n) => n.localName === 'StatusCode',
  );
  const inResponseTo = root.getAttribute('InResponseTo');
  if (!inResponseTo) throw reject('LogoutResponse has no InResponseTo');
  return { kind, id, issuer: issuerText, issueInstant, inResponseTo, status: code?.getAttribute('Value') ?? undefined };
}
