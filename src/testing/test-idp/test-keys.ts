import { readFileSync } from 'node:fs';
import { assetPath } from '../asset-path.js';

/** A private key and its certificate, both PEM text. */
export interface KeyPair {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** Self-signed X.509 certificate, PEM. */
  cert: string;
}

/** Names of the committed test key pairs (see `assets/saml-keys/README.md`). */
export type TestKeyName = 'idpA' | 'idpB' | 'attacker' | 'spSigning' | 'spEncryption';

/** Folder holding the committed, test-only SAML keys. */
export const SAML_KEYS_DIR = assetPath('saml-keys/');

const FILES: Record<TestKeyName, string> = {
  idpA: 'idp-a',
  idpB: 'idp-b',
  attacker: 'attacker',
  spSigning: 'sp-signing',
  spEncryption: 'sp-encryption',
};

let cached: Record<TestKeyName, KeyPair> | undefined;

/** All committed test key pairs, read once. The private keys are public: tests and dev only. */
export function testKeys(): Record<TestKeyName, KeyPair> {
  if (!cached) {
    const read = (file: string) => readFileSync(`${SAML_KEYS_DIR}${file}`, 'utf8');
    cached = Object.fromEntries(
      Object.entries(FILES).map(([name, file]) => [
        name,
        { key: read(`${file}.key.pem`), cert: read(`${file}.cert.pem`) },
      ]),
    ) as Record<TestKeyName, KeyPair>;
  }
  return cached;
}

/** The base64 body of a PEM certificate (no header, footer or line breaks), as metadata carries it. */
export function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
}

/** A PEM certificate from a bare base64 body (as read from metadata), 64-column lines. */
export function certPem(body: string): string {
  const clean = certBody(body);
  return `-----BEGIN CERTIFICATE-----\n${clean.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The key pair for a committed IdP key name (`'A'`, `'B'`, `'attacker'`) or a given pair. */
export function idpKey(choice: 'A' | 'B' | 'attacker' | KeyPair): KeyPair {
  const keys = testKeys();
  if (choice === 'A') return keys.idpA;
  if (choice === 'B') return keys.idpB;
  if (choice === 'attacker') return keys.attacker;
  return choice;
}
