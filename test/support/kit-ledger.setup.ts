// Jest setupFilesAfterEnv (jest.config.js): every secret the testing kit issues in a test file (each
// SAMLResponse a TestIdp builds, the example's development IdP included) goes to the runner's log
// check, one ledger source per issuing object, as when the test IdP lived in test/support and
// registered itself. The kit cannot know the runner (it ships without test/), so the repo wires it here.
// The kit's listener module is imported by its own path, not through src/testing/index.ts: this runs
// before every test file, and the index would load samlify and the emulator into files that never use them.
import { onTestSecret } from '../../src/testing/test-secrets.js';
import { ledgerSource, type LedgerSource } from './runner-ledger.js';
import { recordSamlResponse } from './session-material.js';

const sources = new WeakMap<object, LedgerSource>();

onTestSecret((secret, issuer) => {
  let source = sources.get(issuer);
  if (!source) {
    source = ledgerSource('a test IdP');
    sources.set(issuer, source);
  }
  recordSamlResponse(secret, source);
});
