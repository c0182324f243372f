// The score table of scripts/mutation.mjs, from Stryker's JSON reports (mutation-testing-report-schema).

/** The parts measured, in the order they run. */
export const PARTS = ['magic-links', 'customer-links', 'portal', 'audit', 'nomos-api'];

/** Counts a report's mutants by status; score as Stryker computes it (detected / valid). */
export function countMutants(report) {
  const counts = {
    mutants: 0,
    Killed: 0,
    Survived: 0,
    NoCoverage: 0,
    Timeout: 0,
    Ignored: 0,
    CompileError: 0,
    RuntimeError: 0,
  };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      counts.mutants++;
      counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { ...counts, score: valid === 0 ? undefined : (100 * detected) / valid };
}

/** The Markdown table, one row per part; `missing` when a part has no report. */
export function scoreTable(reports) {
  const withTime = reports.some((r) => r.seconds !== undefined);
  const header = [
    'part',
    'mutants',
    'killed',
    'survived',
    'no coverage',
    'timeout',
    'errors',
    'ignored (static)',
    'score',
    ...(withTime ? ['time'] : []),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  let missing = false;
  for (const { part, report, seconds } of reports) {
    if (!report) {
      missing = true;
      lines.push(`| \`src/${part}\` | no report (run it first) |`);
      continue;
    }
    const c = countMutants(report);
    const cells = [
      `\`src/${part}\``,
      c.mutants,
      c.Killed,
      c.Survived,
      c.NoCoverage,
      c.Timeout,
      c.CompileError + c.RuntimeError,
      c.Ignored,
    ];
    cells.push(c.score === undefined ? 'n/a' : `${c.score.toFixed(1)} %`);
    if (withTime) cells.push(seconds === undefined ? '' : `${Math.floor(seconds / 60)} min ${seconds % 60} s`);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return { lines, missing };
}
