import { createPublicKey, createVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  decodeBase64,
  inflateXmlMessage,
  LOGOUT_SHAPE,
  MAX_LOGOUT_BASE64_CHARS,
  MAX_REDIRECT_QUERY_CHARS,
  MAX_SIGNATURE_BYTES,
} from './saml-message-bounds.js';
import type { XmlShapeLimits } from './xml-preflight.js';

/** SigAlg URIs accepted on redirect messages, with their Node hash: RSA-SHA256 and RSA-SHA512 only. */
const SIG_ALGS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
};
const NAMES = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'] as const;
type Name = (typeof NAMES)[number];

/** A redirect-binding message whose query signature has been verified, inflated within the cap. */
export interface VerifiedRedirectMessage {
  param: 'SAMLRequest' | 'SAMLResponse';
  /** The inflated XML, shape-checked by the preflight. */
  xml: string;
  relayState?: string;
}

/**
 * Reads HTTP-Redirect messages (SAML bindings §3.4) in the order that keeps an unauthenticated
 * request cheap: sizes and syntax of the raw query, then the RSA signature over the query octets
 * exactly as received (§3.4.4.1) against the configured IdP certificates, and only then inflation
 * (capped) and the XML preflight. Nothing is inflated or parsed for an unsigned or forged message.
 */
export class RedirectBindingReader {
  private readonly keys: KeyObject[];

  /** @param certs the IdP signing certificates (PEM or bare base64); unreadable ones are skipped */
  constructor(
    certs: string[],
    private readonly shape: XmlShapeLimits = LOGOUT_SHAPE,
  ) {
    this.keys = certs.flatMap((cert) => {
      try {
        return [createPublicKey(toPem(cert))];
      } catch {
        return [];
      }
    });
  }

  /**
   * @param url the request URL as received (`request.originalUrl`)
   * @param parsed the framework's parsed query, which passport-saml reads afterwards: it must agree
   * @throws the `reject` error with a reason safe to log
   */
  read(url: string, parsed: Record<string, unknown>, reject: (reason: string) => Error): VerifiedRedirectMessage {
    const q = url.indexOf('?');
    const query = q < 0 ? '' : url.slice(q + 1);
    if (query.length > MAX_REDIRECT_QUERY_CHARS)
      throw reject(`query longer than ${MAX_REDIRECT_QUERY_CHARS} characters`);
    const raw = new Map<Name, string>();
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      const name = (eq < 0 ? pair : pair.slice(0, eq)) as Name;
      if (!NAMES.includes(name)) continue;
      if (raw.has(name)) throw reject(`${name} appears more than once`);
      raw.set(name, eq < 0 ? '' : pair.slice(eq + 1));
    }
    const decoded = new Map<Name, string>();
    for (const [name, value] of raw) {
      try {
        decoded.set(name, decodeURIComponent(value.replace(/\+/g, ' ')));
      } catch {
        throw reject(`${name} is not URL-encoded`);
      }
    }
    // passport-saml reads the parsed query: it must be exactly what is verified here.
    if (NAMES.some((name) => parsed[name] !== decoded.get(name))) throw reject('query parameters are ambiguous');
    if (raw.has('SAMLRequest') === raw.has('SAMLResponse'))
      throw reject('exactly one of SAMLRequest and SAMLResponse is required');
    const param = raw.has('SAMLRequest') ? 'SAMLRequest' : 'SAMLResponse';
    if (!decoded.get('Signature')) throw reject('unsigned');
    const hash = SIG_ALGS[decoded.get('SigAlg') ?? ''];
    if (!hash) throw reject('signature algorithm not accepted');
    const signature = decodeBase64(
      decoded.get('Signature'),
      'Signature',
      Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4 + 8,
      reject,
    );
    const deflated = decodeBase64(decoded.get(param), param, MAX_LOGOUT_BASE64_CHARS, reject);

    const signed = [param, 'RelayState', 'SigAlg']
      .filter((n) => raw.has(n as Name))
      .map((n) => `${n}=${raw.get(n as Name)}`)
      .join('&');
    const valid = this.keys.some((key) => {
      try {
        return createVerify(hash).update(signed).verify(key, signature);
      } catch {
        return false;
      }
    });
    if (!valid) throw reject('signature invalid');

    const xml = inflateXmlMessage(deflated, param, this.shape, reject);
    return { param, xml, relayState: decoded.get('RelayState') };
  }
}

function toPem(cert: string): string {
  if (cert.includes('BEGIN CERTIFICATE')) return cert;
  const body = cert.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}
