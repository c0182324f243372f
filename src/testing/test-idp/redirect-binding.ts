import { createSign, createVerify } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** SigAlg URI for RSA-SHA256. */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** SigAlg URI for RSA-SHA1 (accepted by node-saml on redirect messages; only for tests that show it). */
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';

const HASH_BY_SIGALG: Record<string, string> = { [RSA_SHA256]: 'RSA-SHA256', [RSA_SHA1]: 'RSA-SHA1' };

/** A SAML message read from an HTTP-Redirect URL (SAML bindings §3.4). */
export interface RedirectMessage {
  /** Which parameter carried the message. */
  param: 'SAMLRequest' | 'SAMLResponse';
  /** The inflated XML. */
  xml: string;
  /** RelayState, decoded. */
  relayState?: string;
  /** SigAlg, decoded. */
  sigAlg?: string;
  /** Signature (base64), decoded. */
  signature?: string;
  /** The exact octets the signature covers, rebuilt from the query as received (§3.4.4.1). */
  signedOctets?: string;
}

/** Options of {@link encodeRedirect}. */
export interface EncodeRedirectOptions {
  /** Endpoint URL the message goes to. */
  endpoint: string;
  /** Query parameter name. */
  param: 'SAMLRequest' | 'SAMLResponse';
  /** Message XML. */
  xml: string;
  /** RelayState. @default undefined */
  relayState?: string;
  /** PEM private key to sign with; unsigned when absent. @default undefined */
  key?: string;
  /** Signature algorithm URI. @default RSA_SHA256 */
  sigAlg?: string;
  /** Write percent-escapes in lower case (`%2b`), as AD FS and Entra ID do; signed as written. @default false */
  lowercasePercentEncoding?: boolean;
}

/** Builds an HTTP-Redirect URL: deflate, base64, URL-encode, and sign the query when a key is given. */
export function encodeRedirect(opts: EncodeRedirectOptions): string {
  const encode = (value: string) => {
    const encoded = encodeURIComponent(value);
    return opts.lowercasePercentEncoding ? encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) : encoded;
  };
  const parts = [`${opts.param}=${encode(deflateRawSync(Buffer.from(opts.xml, 'utf8')).toString('base64'))}`];
  if (opts.relayState !== undefined) parts.push(`RelayState=${encode(opts.relayState)}`);
  if (opts.key) {
    const sigAlg = opts.sigAlg ?? RSA_SHA256;
    parts.push(`SigAlg=${encode(sigAlg)}`);
    const signature = createSign(hashFor(sigAlg)).update(parts.join('&')).sign(opts.key, 'base64');
    parts.push(`Signature=${encode(signature)}`);
  }
  const url = new URL(opts.endpoint);
  return `${url.origin}${url.pathname}${url.search ? `${url.search}&` : '?'}${parts.join('&')}`;
}

/**
 * Reads a SAML message from an HTTP-Redirect URL. Works on the raw query so that the signed octets
 * are exactly what the sender encoded (re-encoding decoded values would hide encoder differences).
 * @throws Error when no SAMLRequest/SAMLResponse is present or a parameter repeats.
 */
export function decodeRedirect(redirectUrl: string): RedirectMessage {
  const query = new URL(redirectUrl).search.replace(/^\?/, '');
  const raw = new Map<string, string>();
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (raw.has(name)) throw new Error(`Repeated query parameter ${name}`);
    raw.set(name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  const param = raw.has('SAMLRequest') ? 'SAMLRequest' : raw.has('SAMLResponse') ? 'SAMLResponse' : undefined;
  if (!param) throw new Error('No SAMLRequest or SAMLResponse in the URL');
  const decode = (name: string) => (raw.has(name) ? decodeURIComponent(raw.get(name)!.replace(/\+/g, ' ')) : undefined);
  const xml = inflateRawSync(Buffer.from(decode(param)!, 'base64')).toString('utf8');
  const message: RedirectMessage = {
    param,
    xml,
    relayState: decode('RelayState'),
    sigAlg: decode('SigAlg'),
    signature: decode('Signature'),
  };
  if (message.signature !== undefined) {
    message.signedOctets = [param, 'RelayState', 'SigAlg']
      .filter((n) => raw.has(n))
      .map((n) => `${n}=${raw.get(n)}`)
      .join('&');
  }
  return message;
}

/** Verifies a redirect-binding signature against a PEM certificate; false for unsigned messages or unknown SigAlg. */
export function verifyRedirectSignature(message: RedirectMessage, certPem: string | undefined): boolean {
  if (!certPem || !message.signature || !message.signedOctets || !message.sigAlg) return false;
  const hash = HASH_BY_SIGALG[message.sigAlg];
  if (!hash) return false;
  return createVerify(hash).update(message.signedOctets).verify(certPem, message.signature, 'base64');
}

function hashFor(sigAlg: string): string {
  const hash = HASH_BY_SIGALG[sigAlg];
  if (!hash) throw new Error(`Unsupported SigAlg ${sigAlg}`);
  return hash;
}
