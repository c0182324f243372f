// ESLint flat config (ESLint 10, typescript-eslint 8). Formatting is Prettier's job: eslint-config-prettier
// switches off every rule that would fight it; the one exception, max-len, is turned back on after it
// because Prettier's printWidth is a target, not a limit (long strings and comments pass through it).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The width Prettier prints to (.prettierrc.json) and the hard limit max-len holds. */
const printWidth = 120;

/**
 * Node's globals for the plain .js/.mjs files (scripts, configs). The `globals` package is not a
 * dependency, and TypeScript files need none of this: tsc checks their names.
 */
const nodeGlobals = Object.fromEntries(
  `process console Buffer URL URLSearchParams AbortController AbortSignal setTimeout clearTimeout setInterval
   clearInterval setImmediate clearImmediate queueMicrotask structuredClone performance fetch TextEncoder TextDecoder`
    .split(/\s+/)
    .map((name) => [name, 'readonly']),
);

/**
 * Type-aware rules worth their cost: each catches a class of real bug (a promise nobody awaits, an
 * async callback where a sync one is expected, `await` on a non-promise, a throw of a non-Error,
 * an object stringified as "[object Object]" into a log or a page).
 */
const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/only-throw-error': 'error',
  // Values typed any/unknown pass, as only-throw-error lets them by default: a callback API's `err: any`
  // (passport's logIn/logout) is passed on as received; a literal `reject('text')` still fails.
  '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
  '@typescript-eslint/no-base-to-string': 'error',
  '@typescript-eslint/no-for-in-array': 'error',
  '@typescript-eslint/no-implied-eval': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
};

export default defineConfig(
  {
    name: 'nomos/ignores',
    ignores: ['**/node_modules/', 'dist*/', 'coverage/', 'reports/', '.stryker-tmp/', 'test-artifacts/', 'data/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'nomos/typescript',
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...typeAwareRules,
      // `_name` marks a parameter an interface or Nest requires but this implementation ignores.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    name: 'nomos/nomos-api-knows-no-request',
    files: ['src/nomos-api/**/*.ts'],
    rules: {
      // .dependency-cruiser.mjs allows @nestjs/common in nomos-api for its Logger; these names would
      // tie the client to an HTTP request and are what DESIGN.md rules out ("knows nothing of Nest requests").
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: [
                'Req',
                'Request',
                'Res',
                'Response',
                'Session',
                'Headers',
                'ExecutionContext',
                'ArgumentsHost',
                'CanActivate',
                'Controller',
                'UseGuards',
              ],
              message: 'nomos-api knows nothing of Nest requests (DESIGN.md); take plain values instead.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'nomos/host-tests',
    files: ['test/hosts/*/test/**/*.ts'],
    rules: {
      // The host matrix's node:test files: test() returns a promise the runner awaits itself, and the
      // hosts are written as node:test's documentation writes tests.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    name: 'nomos/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  prettier,
  {
    name: 'nomos/line-length',
    rules: {
      // Core max-len (deprecated for @stylistic/max-len, available until ESLint 11): no line past the
      // print width. Only URLs and regex literals may run over: breaking them hurts more than it helps.
      'max-len': [
        'error',
        { code: printWidth, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: false },
      ],
    },
  },
);
