/**
 * The exit codes of `nomos-portal`, documented in the README and in `--help`.
 * - `ok` 0: the command did what it was asked, every check passed;
 * - `failed` 1: a check or the audit verification failed, or rows were rejected;
 * - `usage` 2: the command line, the data-source file or the configuration cannot be used (nothing was done).
 */
export const CLI_EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/**
 * The command line or the files it names cannot be used; nothing was done. The message is one line
 * that says what to fix; it never quotes a secret (file contents are not shown, only paths and names).
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = CLI_EXIT_CODES.usage;
}

/**
 * The command ran but its answer is "no" (a rejected row, a refused link): reported on stderr,
 * exit code 1.
 */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  readonly exitCode = CLI_EXIT_CODES.failed;
}
