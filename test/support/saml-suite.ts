import type { DbKind } from './databases.js';
import type { SamlEnv } from './saml-app.js';
import { samlEnv } from './saml-app.js';

/** A suite's view of its {@link SamlEnv}: all of it but `close`, which {@link useSamlEnv} does. */
export type SamlSuiteEnv = Omit<SamlEnv, 'close'>;

/**
 * The set-up every SAML e2e suite shares, as hooks of the `describe` it is called in: a fresh
 * {@link samlEnv} (a database of `kind`, the Nomos emulator, captured logs) before the suite's
 * tests; after them every app it started, the emulator and the database closed, and the check that
 * no credential reached the logs. Call it before the suite's own `beforeAll`, which can then start
 * apps with `env.start(...)`; the fields are there from that hook on.
 */
export function useSamlEnv(kind: DbKind): SamlSuiteEnv {
  let current: SamlEnv | undefined;
  beforeAll(async () => {
    current = await samlEnv(kind);
  });
  afterAll(async () => {
    // A failed set-up has already failed the suite; there is nothing to close.
    if (current) expect(await current.close()).toEqual([]);
  });
  const env = (): SamlEnv => {
    if (!current) throw new Error('useSamlEnv: the SAML environment is used before its beforeAll ran');
    return current;
  };
  return {
    get db() {
      return env().db;
    },
    get emulator() {
      return env().emulator;
    },
    get clientSecret() {
      return env().clientSecret;
    },
    get logs() {
      return env().logs;
    },
    start: (options) => env().start(options),
  };
}
