/**
 * Jest config for `npm run test:mutation` (StrykerJS, see stryker.config.mjs and
 * scripts/mutation.mjs). Each part (NOMOS_MUTATION_PART) runs its own unit specs, the targeted
 * specs under test/mutation/<part>/ and at most one SQLite end-to-end suite. No PostgreSQL leg, no
 * browser, no SAML-only suites, no load suites: Stryker re-runs the covering tests for every
 * mutant, so the set has to stay small on a shared 2-core machine.
 */
import base from './jest.config.js';

const part = process.env.NOMOS_MUTATION_PART ?? 'audit';

/**
 * The end-to-end suites that also run per part. Each one a mutant's run must load costs seconds on
 * a loaded 2-core machine (Nest, TypeORM, an app start), so only DataSource-level suites and the
 * mint path stay; the rules the others drive through HTTP are covered rule by rule by the specs
 * under test/mutation/<part>/.
 */
const E2E = {
  // The migrations suite fails on any difference between the entities and the migrated schema.
  audit: ['persistence', 'migrations/migrations.e2e-spec'],
  'customer-links': ['persistence', 'migrations/migrations.e2e-spec'],
  // The assurance options and the gate's decision are specified beside the SAML suites that drive them.
  'magic-links': ['mint-path', 'assurance/assurance-options.spec', 'person-limit/stores.e2e-spec'],
  'nomos-api': [],
  portal: [],
};
if (!E2E[part]) throw new Error(`NOMOS_MUTATION_PART=${part} is not one of ${Object.keys(E2E).join(', ')}`);

export default {
  ...base,
  testMatch: [
    `<rootDir>/src/${part}/**/*.spec.ts`,
    `<rootDir>/test/mutation/${part}/**/*.spec.ts`,
    ...E2E[part].map((p) => (p.includes('spec') ? `<rootDir>/test/${p}.ts` : `<rootDir>/test/${p}/**/*.e2e-spec.ts`)),
  ],
  // A mutant that makes a request hang fails its test here instead of waiting 30 s.
  testTimeout: 10000,
  // Outside scripts/test.mjs: no ledger, legs decided here (see scripts/mutation/jest-env.js).
  setupFiles: ['<rootDir>/scripts/mutation/jest-env.js'],
};
