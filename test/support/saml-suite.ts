import type { DbKind } from './databases.js';
import type { SamlEnv, SamlTestApp } from './saml-app.js';
import { samlEnv } from './saml-app.js';

/** How a suite asks for one app: {@link SamlEnv.start}'s options. */
export type SamlAppOptions = Parameters<SamlEnv['start']>[0];

/** A suite's view of its {@link SamlEnv}: all of it but `close`, which {@link useSamlEnv} does. */
export interface SamlSuiteEnv extends Omit<SamlEnv, 'close'> {
  /**
   * Declares an app of the suite: started in the suite's set-up, in the order declared and before
   * the suite's own `beforeAll`. The handle works from that hook on. For an app whose options are
   * only known during set-up, call `start` in the suite's `beforeAll` instead.
   */
  app(options: SamlAppOptions): SamlTestApp;
}

/**
 * The set-up every SAML e2e suite shares, as hooks of the `describe` it is called in: a fresh
 * {@link samlEnv} (a database of `kind`, the Nomos emulator, captured logs) and the apps declared
 * with `app(...)` before the suite's tests; after them every app, the emulator and the database
 * closed, and the check that no credential reached the logs. Call it before the suite's own
 * `beforeAll`.
 */
export function useSamlEnv(kind: DbKind): SamlSuiteEnv {
  let current: SamlEnv | undefined;
  const declared: Array<{ options: SamlAppOptions; started?: SamlTestApp }> = [];
  beforeAll(async () => {
    current = await samlEnv(kind);
    for (const app of declared) app.started = await current.start(app.options);
  });
  afterAll(async () => {
    // A failed set-up has already failed the suite; there is nothing to close.
    if (current) expect(await current.close()).toEqual([]);
  });
  const env = (): SamlEnv => current ?? notYet();
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
    app(options) {
      const entry: (typeof declared)[number] = { options };
      declared.push(entry);
      return lazyApp(() => entry.started ?? notYet());
    },
  };
}

function notYet(): never {
  throw new Error('useSamlEnv: the SAML environment is used before its beforeAll ran');
}

/** A {@link SamlTestApp} that is looked up on each use, so it can be declared before it starts. */
function lazyApp(started: () => SamlTestApp): SamlTestApp {
  return {
    get app() {
      return started().app;
    },
    get http() {
      return started().http;
    },
    close: () => started().close(),
  };
}
