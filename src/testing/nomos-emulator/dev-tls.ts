import { readFileSync } from 'node:fs';
import { assetPath } from '../asset-path.js';

/** Path of the committed self-signed dev certificate (`*.customerportal.localhost`, local tests only). */
export const DEV_TLS_CERT_FILE = assetPath('tls/dev-cert.pem');

/** Path of the committed dev private key. Public on purpose: local tests only. */
export const DEV_TLS_KEY_FILE = assetPath('tls/dev-key.pem');

let cached: { cert: string; key: string } | undefined;

/** The dev certificate and key as PEM text (read once). */
export function devTls(): { cert: string; key: string } {
  cached ??= { cert: readFileSync(DEV_TLS_CERT_FILE, 'utf8'), key: readFileSync(DEV_TLS_KEY_FILE, 'utf8') };
  return cached;
}
