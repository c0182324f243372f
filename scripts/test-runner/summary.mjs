// The closing line from Jest's JSON result. Failures outside any test (a failing beforeAll/afterAll,
// a suite that does not import) count as failed: Jest reports them only at the suite level.
import { relative, sep } from 'node:path';

/** Test files whose subject is the test support itself (the emulator, the test IdP, the runner). */
export function isSupportFile(file, rootDir) {
  const rel = relative(rootDir, file).split(sep).join('/');
  return rel.startsWith('test/support/') || rel.startsWith('test/runner/') || rel.startsWith('src/testing/');
}

/**
 * `{ line, details, failed }` for a Jest `--json` result. `line` keeps the shape
 * `tests: N passed, N failed, N skipped` with any explanation in parentheses after it; `extra` are
 * failures found outside Jest (the log check, the browser gate), each counted as one.
 */
export function summarize(result, rootDir, extra = []) {
  const suites = result.testResults ?? [];
  const outside = suites.filter(
    (s) => (s.status === 'failed' || s.testExecError) && !(s.assertionResults ?? []).some((t) => t.status === 'failed'),
  );
  const failed = result.numFailedTests + outside.length + extra.length;
  const skipped = result.numPendingTests + result.numTodoTests;
  const notes = [];
  if (outside.length) notes.push(`${outside.length} suite${outside.length === 1 ? '' : 's'} failed outside its tests`);
  notes.push(...extra);
  if (result.numTotalTests === 0) notes.push('no test ran');
  const line =
    `tests: ${result.numPassedTests} passed, ${failed} failed, ${skipped} skipped` +
    (notes.length ? ` (${notes.join('; ')})` : '');
  const count = { product: 0, support: 0 };
  for (const s of suites) {
    const n = (s.assertionResults ?? []).filter((t) => t.status === 'passed' || t.status === 'failed').length;
    count[isSupportFile(s.name, rootDir) ? 'support' : 'product'] += n;
  }
  const details = [
    `suites: ${suites.length} ran, ${result.numFailedTestSuites ?? 0} failed ` +
      `(${result.numRuntimeErrorTestSuites ?? 0} could not run)`,
    `tests that exercise the package: ${count.product}; ` +
      `tests that check the test support (src/testing/**, test/support/**, test/runner/**): ${count.support}`,
    ...outside.map(
      (s) =>
        `suite failed outside its tests: ${relative(rootDir, s.name)}: ` +
        firstLine(s.testExecError?.message ?? s.failureMessage ?? s.message),
    ),
  ];
  return { line, details, failed };
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? 'no message').replace(/\u001b\[[0-9;]*m/g, '');
  return (
    plain
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('●')) ?? 'no message'
  );
}
