import samlify from 'samlify';
import { NAMEID_EMAIL, STATUS_SUCCESS } from './login-response-xml.js';
import { decodeRedirect, encodeRedirect, RSA_SHA256, verifyRedirectSignature } from './redirect-binding.js';
import type { ParsedLogoutRequest } from './test-idp.types.js';
import { childElement, newSamlId, NS_SAML, NS_SAMLP, parseXml } from './xml-dom.js';

/** Who sends the logout messages: the IdP's entity id and signing key. */
export interface LogoutSender {
  issuer: string;
  /** PEM private key. */
  key: string;
}

/** Options of an IdP-initiated LogoutRequest (HTTP-Redirect). */
export interface LogoutRequestOptions {
  /** NameID of the user to log out. */
  nameId: string;
  /** SessionIndex from the login. @default undefined (element omitted) */
  sessionIndex?: string;
  /** The SP's single logout URL: Destination and the URL redirected to. */
  destination: string;
  /** RelayState. @default undefined */
  relayState?: string;
  /** Sign the query. `false` shows what an SP does with an unsigned request. @default true */
  signed?: boolean;
  /** SigAlg URI. @default RSA-SHA256 */
  sigAlg?: string;
  /** NameID Format. @default emailAddress */
  nameIdFormat?: string;
  /** Lower-case percent-escapes in the signed query (AD FS, Entra ID). @default false */
  lowercasePercentEncoding?: boolean;
}

/** Options of a LogoutResponse (HTTP-Redirect) to an SP-initiated LogoutRequest. */
export interface LogoutResponseOptions {
  /** ID of the LogoutRequest answered. */
  inResponseTo: string;
  /** The SP's single logout URL: Destination and the URL redirected to. */
  destination: string;
  /** RelayState to hand back. @default undefined */
  relayState?: string;
  /** StatusCode value. @default Success */
  statusCode?: string;
  /** Lower-case percent-escapes in the signed query (AD FS, Entra ID). @default false */
  lowercasePercentEncoding?: boolean;
}

/** The XML of an IdP-initiated LogoutRequest, from samlify's template (either binding). */
export function logoutRequestXml(
  sender: LogoutSender,
  opts: Omit<LogoutRequestOptions, 'signed' | 'sigAlg' | 'relayState'>,
): { id: string; xml: string } {
  const id = newSamlId();
  const xml = samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLogoutRequestTemplate.context, {
    ID: id,
    IssueInstant: new Date().toISOString(),
    Destination: opts.destination,
    Issuer: sender.issuer,
    NameIDFormat: opts.nameIdFormat ?? NAMEID_EMAIL,
    NameID: opts.nameId,
    SessionIndex: opts.sessionIndex,
  });
  return { id, xml };
}

/** The XML of a LogoutResponse, from samlify's template (either binding). */
export function logoutResponseXml(
  sender: LogoutSender,
  opts: Omit<LogoutResponseOptions, 'relayState'>,
): { id: string; xml: string } {
  const id = newSamlId();
  const xml = samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLogoutResponseTemplate.context, {
    ID: id,
    IssueInstant: new Date().toISOString(),
    Destination: opts.destination,
    InResponseTo: opts.inResponseTo,
    Issuer: sender.issuer,
    StatusCode: opts.statusCode ?? STATUS_SUCCESS,
  });
  return { id, xml };
}

/** Builds a signed (by default) IdP-initiated LogoutRequest redirect URL from samlify's template. */
export function buildLogoutRequest(
  sender: LogoutSender,
  opts: LogoutRequestOptions,
): { redirectUrl: string; id: string } {
  const { id, xml } = logoutRequestXml(sender, opts);
  const key = opts.signed === false ? undefined : sender.key;
  const redirectUrl = encodeRedirect({
    endpoint: opts.destination,
    param: 'SAMLRequest',
    xml,
    relayState: opts.relayState,
    key,
    sigAlg: opts.sigAlg ?? RSA_SHA256,
    lowercasePercentEncoding: opts.lowercasePercentEncoding,
  });
  return { redirectUrl, id };
}

/** Builds a signed LogoutResponse redirect URL from samlify's template. */
export function buildLogoutResponse(
  sender: LogoutSender,
  opts: LogoutResponseOptions,
): { redirectUrl: string; id: string } {
  const { id, xml } = logoutResponseXml(sender, opts);
  const redirectUrl = encodeRedirect({
    endpoint: opts.destination,
    param: 'SAMLResponse',
    xml,
    relayState: opts.relayState,
    key: sender.key,
    lowercasePercentEncoding: opts.lowercasePercentEncoding,
  });
  return { redirectUrl, id };
}

/**
 * Reads an SP-initiated LogoutRequest from an HTTP-Redirect URL; the query signature is checked
 * against the SP signing certificate (false when unsigned or no certificate is known).
 * @throws Error when the URL carries no LogoutRequest.
 */
export function readLogoutRequest(redirectUrl: string, spSigningCert: string | undefined): ParsedLogoutRequest {
  const message = decodeRedirect(redirectUrl);
  const root = parseXml(message.xml).documentElement;
  if (message.param !== 'SAMLRequest' || root.localName !== 'LogoutRequest') throw new Error('Not a LogoutRequest');
  const sessionIndex = childElement(root, NS_SAMLP, 'SessionIndex')?.textContent ?? undefined;
  const nameId = childElement(root, NS_SAML, 'NameID');
  const attr = (name: string) => nameId?.getAttribute(name) || undefined;
  return {
    id: root.getAttribute('ID') ?? '',
    nameId: nameId?.textContent ?? '',
    sessionIndex,
    nameIdFormat: attr('Format'),
    nameQualifier: attr('NameQualifier'),
    spNameQualifier: attr('SPNameQualifier'),
    signatureValid: verifyRedirectSignature(message, spSigningCert),
  };
}
