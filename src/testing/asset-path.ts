import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a file in the kit's `assets/` folder (the development TLS certificate, the test
 * SAML keys), found next to this module: in `src/testing/` under the tests, in `dist/src/testing/`
 * once built and installed. Never relative to the working directory, which is the host's.
 * @param relative path inside `assets/`, e.g. `'tls/dev-cert.pem'` (a trailing `/` is kept)
 */
export function assetPath(relative: string): string {
  return fileURLToPath(new URL(`assets/${relative}`, import.meta.url));
}
