import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { NomosPortalConfigError } from '../errors/index.js';

/** What a mismatched pair breaks, for the message: the person fixing it should know why it matters. */
const CONSEQUENCE: Record<'signing' | 'decryption', string> = {
  signing: "the metadata would publish a certificate no IdP can verify the SP's signatures against",
  decryption: 'the IdP would encrypt assertions to a key the SP does not hold, and every sign-in would fail',
};

/**
 * Refuses, at start-up, an SP private key and certificate that do not belong together (or that
 * cannot be read at all): both would load, and the failure would only show at the IdP, later.
 * @param use which pair, for the message
 * @param keySetting / certSetting the options' names, e.g. `saml.sp.signingKey`
 * @throws NomosPortalConfigError naming both settings
 */
export function assertKeyPairMatches(
  key: string,
  cert: string,
  use: 'signing' | 'decryption',
  keySetting: string,
  certSetting: string,
): void {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    // Not the parser's message: it may quote parts of the key.
    throw new NomosPortalConfigError(
      `${keySetting} is not a readable PEM private key (an encrypted key must be decrypted first)`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new NomosPortalConfigError(`${certSetting} is not a readable PEM X.509 certificate`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new NomosPortalConfigError(
      `${keySetting} and ${certSetting} do not match: the certificate is for another key, so ${CONSEQUENCE[use]}. ` +
        `Give the certificate issued for this key (or the key of this certificate).`,
    );
  }
}
