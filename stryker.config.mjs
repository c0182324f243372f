// StrykerJS 9 (jest runner) for `npm run test:mutation`. scripts/mutation.mjs runs it once per part
// (NOMOS_MUTATION_PART=audit, …): each part gets its own mutate set, report and incremental file, so
// each part's score is its own and a re-run only tests the mutants whose code or tests changed.
const part = process.env.NOMOS_MUTATION_PART ?? 'audit';
if (!/^[a-z-]+$/.test(part)) throw new Error(`NOMOS_MUTATION_PART=${part} is not a folder under src/`);
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [`src/${part}/**/*.ts`, '!src/**/*.spec.ts', '!src/**/*.spec-helper.ts'],
  testRunner: 'jest',
  // Native ESM Jest, as in scripts/test.mjs.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  // A mutant can make TypeScript unhappy; ts-jest would report that as a compile error, not a kill.
  disableTypeChecks: '{src,test}/**/*.ts',
  checkers: [],
  // The machine has 2 cores shared with other work.
  concurrency: 2,
  // On top of the covering tests' own time and the start-up overhead measured in the dry run. Wide:
  // a static mutant reloads every test file, which on a loaded 2-core machine can take twice as long
  // as the dry run did, and a timeout counts as killed. jest.mutation.config.js caps each test at
  // 10 s, so a hung request fails its test before this margin is spent.
  timeoutMS: 30000,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: `reports/mutation/${part}.incremental.json`,
  jsonReporter: { fileName: `reports/mutation/${part}.json` },
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  ignorePatterns: ['dist', 'dist-example', 'dist-bench', 'coverage', 'reports', 'data', 'test-artifacts'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
