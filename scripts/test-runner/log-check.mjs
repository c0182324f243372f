// The whole-run log check: the run's output searched for every registered secret in its derived
// forms (leak-search.mjs), and the ledger held to what the suites that ran must have registered.
import { KINDS } from './ledger.mjs';
import { findLeaks } from './leak-search.mjs';

const byKind = (values, kindOf) =>
  Object.entries(KINDS)
    .map(([kind, label]) => `${values.filter((v) => kindOf(v) === kind).length} ${label}`)
    .join(', ');

/** `{ ok, lines }`: the check's summary line first, then one line per problem (never a secret). */
export function logCheck(output, ledger) {
  const leaks = findLeaks(output, ledger.secrets);
  const values = [...ledger.secrets.keys()];
  const lines = [];
  const problems = [...ledger.problems];
  for (const e of ledger.unmet)
    problems.push(`${e.label || e.source} was expected to register ${KINDS[e.kind]} and registered none`);
  if (leaks.length) {
    lines.push(
      `log check: FAILED, ${leaks.length} of ${values.length} secrets issued during the run appear in its output ` +
        `(${byKind(leaks, (l) => l.kind ?? l.label)})`,
    );
    for (const l of leaks)
      lines.push(
        `log check:   a ${l.label} (${l.value.length} chars) found ` +
          (l.form === 'window' ? `by ${16} of its characters (raw or encoded)` : 'whole or encoded'),
      );
  } else if (problems.length) {
    lines.push(
      `log check: FAILED, the ledger cannot be trusted (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
    );
  } else {
    const expected = ledger.expectations.length;
    lines.push(
      `log check: none of the ${values.length} secrets issued during the run ` +
        `(${byKind(values, (v) => ledger.secrets.get(v))}) appear in its output, raw or encoded ` +
        `(${expected} registration${expected === 1 ? '' : 's'} expected, all made)`,
    );
  }
  for (const p of problems) lines.push(`log check:   ${p}`);
  return { ok: !leaks.length && !problems.length, lines };
}
