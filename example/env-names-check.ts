import { nomosPortalEnvNames, samlEnvNames } from '../src/index.js';
import { ExampleConfigError } from './config-error.js';

/** The example's own `NOMOS_*` variables, besides those the package reads. */
export const EXAMPLE_NOMOS_ENV = {
  emulatorPort: 'NOMOS_EMULATOR_PORT',
  emulatorPortalPort: 'NOMOS_EMULATOR_PORTAL_PORT',
} as const;

/** Left to the test runner (`npm test` sets `NOMOS_TEST_PG`, `NOMOS_TEST_BROWSER`, …); never read by the example. */
export const IGNORED_ENV_PREFIX = 'NOMOS_TEST_';

/** Every `SAML_*` / `NOMOS_*` name the example understands: the package's readers' own lists, plus its own. */
export function knownEnvNames(): string[] {
  return [...new Set([...samlEnvNames(), ...nomosPortalEnvNames(), ...Object.values(EXAMPLE_NOMOS_ENV)])].sort();
}

/**
 * Refuses a `SAML_*` or `NOMOS_*` variable nothing reads (in any letter case, e.g. a guessed
 * `SAML_IDP_METADATA_URL` or `saml_idp_metadata_file`), and IdP settings without the one that
 * turns the development IdP off. Either would otherwise start the development IdP, which signs
 * anyone in, while the operator believes the real one is configured.
 * @throws ExampleConfigError naming the unknown variables and listing the known ones
 */
export function checkEnvNames(env: Record<string, string | undefined>): void {
  const known = knownEnvNames();
  const unknown = Object.keys(env)
    .filter((name) => /^\s*(SAML|NOMOS)_/i.test(name) && !name.startsWith(IGNORED_ENV_PREFIX) && !known.includes(name))
    .sort();
  if (unknown.length > 0) {
    const listed = unknown.map((name) => JSON.stringify(name)).join(', ');
    throw new ExampleConfigError(
      `Unknown ${unknown.length === 1 ? 'variable' : 'variables'} ${listed}: ` +
        `refusing to start rather than ignore ${unknown.length === 1 ? 'it' : 'them'} ` +
        `(a misspelt IdP setting would start the development IdP, which signs anyone in). ` +
        `Known SAML_* and NOMOS_* variables: ${known.join(', ')} ` +
        `(${IGNORED_ENV_PREFIX}* is left to the test runner).`,
    );
  }
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  const idpSettings = samlEnvNames().filter((name) => name.startsWith('SAML_IDP_') && set(name));
  const sources = ['SAML_IDP_METADATA_FILE', 'SAML_IDP_METADATA_URL', 'SAML_IDP_SSO_URL'];
  if (idpSettings.length > 0 && !sources.some(set)) {
    throw new ExampleConfigError(
      `${idpSettings.join(', ')} ${idpSettings.length === 1 ? 'is' : 'are'} set ` +
        `but neither SAML_IDP_METADATA_FILE nor SAML_IDP_SSO_URL nor SAML_IDP_METADATA_URL: ` +
        `set one of them for your IdP (or unset the others to run the development IdP).`,
    );
  }
}
