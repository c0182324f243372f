/** Native ESM Jest (run with NODE_OPTIONS=--experimental-vm-modules, see scripts/test.mjs). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/migrations'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
  // The testing kit's secrets (src/testing/) go to the runner's log check; see the file.
  setupFilesAfterEnv: ['<rootDir>/test/support/kit-ledger.setup.ts'],
};
