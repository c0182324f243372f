import samlify from 'samlify';
import { certBody } from './test-keys.js';
import {
  logoutRequestXml,
  logoutResponseXml,
  type LogoutRequestOptions,
  type LogoutResponseOptions,
  type LogoutSender,
} from './idp-logout.js';

/** What an HTTP-POST logout message is: the form fields the IdP's page posts to the SP. */
export interface PostLogoutMessage {
  /** ID of the message. */
  id: string;
  /** The (signed) XML as posted, decoded. */
  xml: string;
  /** The base64 form value (`SAMLRequest` or `SAMLResponse`). */
  value: string;
  relayState?: string;
}

/** Extra options of the HTTP-POST binding. */
export interface PostBindingOptions {
  /** Rewrites the XML before it is signed (to build hostile but validly signed messages). @default identity */
  beforeSign?: (xml: string) => string;
}

/**
 * Signs a logout message as the HTTP-POST binding carries it (bindings §3.5.4): an enveloped
 * XML signature over the root (RSA-SHA256, SHA-256 digest, exclusive c14n), placed after the Issuer
 * as the schema requires; samlify (xml-crypto) does the signing.
 */
function signEnveloped(xml: string, rootName: 'LogoutRequest' | 'LogoutResponse', key: string, cert: string): string {
  return samlify.SamlLib.constructSAMLSignature({
    rawSamlMessage: xml,
    isMessageSigned: true,
    privateKey: key,
    signingCert: certBody(cert), // samlify wants the bare base64 body
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    isBase64Output: false,
    signatureConfig: {
      prefix: 'ds',
      location: { reference: `/*[local-name(.)='${rootName}']/*[local-name(.)='Issuer']`, action: 'after' },
    },
  });
}

/** An IdP-initiated LogoutRequest for the HTTP-POST binding, signed unless `signed: false`. */
export function buildPostLogoutRequest(
  sender: LogoutSender & { cert: string },
  opts: LogoutRequestOptions & PostBindingOptions,
): PostLogoutMessage {
  const { id, xml } = logoutRequestXml(sender, opts);
  const shaped = (opts.beforeSign ?? ((x: string) => x))(xml);
  const signed = opts.signed === false ? shaped : signEnveloped(shaped, 'LogoutRequest', sender.key, sender.cert);
  return { id, xml: signed, value: Buffer.from(signed, 'utf8').toString('base64'), relayState: opts.relayState };
}

/** A signed LogoutResponse for the HTTP-POST binding. */
export function buildPostLogoutResponse(
  sender: LogoutSender & { cert: string },
  opts: LogoutResponseOptions & PostBindingOptions,
): PostLogoutMessage {
  const { id, xml } = logoutResponseXml(sender, opts);
  const signed = signEnveloped((opts.beforeSign ?? ((x: string) => x))(xml), 'LogoutResponse', sender.key, sender.cert);
  return { id, xml: signed, value: Buffer.from(signed, 'utf8').toString('base64'), relayState: opts.relayState };
}
