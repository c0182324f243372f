/**
 * The runner's own tests run scripts/test.mjs against these planted-fault suites (never part of
 * `npm test`'s testMatch).
 */
import base from '../../jest.config.js';

export default { ...base, rootDir: '../..', roots: ['<rootDir>/test/runner/fixtures'], testMatch: ['**/*.fixture.ts'] };
