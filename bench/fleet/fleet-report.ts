import type { FleetFigures } from './fleet-figures.js';

const check = (ok: boolean) => (ok ? 'holds' : 'BROKEN');

/**
 * Invariant 1's delivery half: every link has its `issued` row, and an `issued` row without a
 * delivered link is one whose answer was lost with a dying replica (the proxy's 502, no answer);
 * an issued row whose click got any other answer means the package withheld a link it recorded.
 */
function linksCheck(f: FleetFigures): string {
  const lost = Object.entries(f.undeliveredIssued);
  if (lost.length === 0) return check(f.linksWritten === f.issuedRows);
  const inFlight = lost.every(([answer]) => answer === 'proxy 502' || answer === 'no answer');
  const list = lost.map(([answer, n]) => `${n}× ${answer}`).join(', ');
  return inFlight && f.linksWritten <= f.issuedRows
    ? `holds for every answer that arrived; ${list} lost with a dying replica`
    : `BROKEN (issued rows whose click got: ${list})`;
}

/** The figures as the lines the script prints (and the test prints on failure). */
export function reportLines(f: FleetFigures): string[] {
  const o = f.options;
  const statuses = Object.entries(f.clicksByStatus)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  const audit = Object.entries(f.audit)
    .map(([outcome, a]) => `${outcome} ${a.rows} (attempts ${a.attempts})`)
    .join(', ');
  const leaks = Object.entries(f.credentialsInLogs);
  const lost = f.emulatorMints - f.auditAttempts;
  // Counted before sent: a replica that dies (or loses its database) between the count and the
  // send leaves a counted call that never left, in a row it could not complete.
  const overCount = -lost;
  const within = overCount <= f.expiredRows ? 'within' : 'BEYOND';
  const attemptsCheck =
    lost === 0
      ? 'holds'
      : lost > 0
        ? `BROKEN (${lost} calls not in the audit)`
        : `no call missing; ${overCount} counted but never sent (${within} the ${f.expiredRows} rows ` +
          'replicas left pending, reconciled abandoned / PENDING_EXPIRED)';
  return [
    `fleet run: ${o.replicas} replicas, ${o.people} people, ${o.clicks} clicks at ${o.concurrency} concurrency, ` +
      `Nomos limit ${o.nomosRate}/s, ${(f.durationMs / 1000).toFixed(1)} s`,
    `  faults: ${f.faults.events.map(([at, what]) => `${Math.round(at * 100)} % ${what}`).join('; ') || 'none'}` +
      (f.faults.errors.length ? `; FAULT STEP ERRORS: ${f.faults.errors.join('; ')}` : ''),
    `  sign-ins: ${f.signedIn} ok, ${f.signInFailures} failed; requests per replica: ${f.perReplica.join(' / ')}`,
    `  clicks: ${statuses}; 502 from the proxy: ${f.badGateways}` +
      (f.recovery
        ? `; recovery round (after ${(f.recovery.waitedMs / 1000).toFixed(1)} s): ` +
          Object.entries(f.recovery.byStatus)
            .map(([status, n]) => `${status}: ${n}`)
            .join(', ')
        : ''),
    `  audit rows: ${audit}`,
    `  by outcome/code: ${f.auditCodes.map(([code, n]) => `${code} ${n}`).join(', ')}`,
    `  mint calls at Nomos ${f.emulatorMints} vs Σ audit attempts ${f.auditAttempts}: ${attemptsCheck}`,
    `  links written (302 to the portal) ${f.linksWritten} vs issued rows ${f.issuedRows}: ${linksCheck(f)}`,
    `  pending rows left: ${f.pendingRows}` +
      (f.reconciled
        ? ` after reconciliation (${f.pendingBeforeReconcile} before)`
        : ' (no reconciliation in this build)'),
    `  audit verify: ` +
      (f.verify ? `${f.verify.ok ? 'passes' : 'FAILS'} (${f.verify.detail})` : 'not available in this build'),
    `  pacing: ${f.pacing ? JSON.stringify(f.pacing) : 'none (the package default of this build)'}`,
    `  busiest 1-second window at Nomos: ${f.busiestMintSecond} mint calls, ${f.busiestApiSecond} API calls ` +
      (f.emulatorBusiestSecond === undefined ? '' : `(emulator's own count ${f.emulatorBusiestSecond}) `) +
      `(limit ${o.nomosRate}/s: ${check(f.busiestApiSecond <= o.nomosRate)}; the measuring process stood still ` +
      `up to ${f.measuringStallMs} ms, in any ${1000 - f.measuringStallMs} ms: ${f.busiestApiSecondBeyondStall}); ` +
      `answered 429 by the rate limit: ${f.emulatorRateLimited}; connection resets: ${f.resets}`,
    `  busiest 1-second window of the replicas' writes to Nomos: ${f.busiestSentSecond} ` +
      `(limit ${o.nomosRate}/s: ${check(f.busiestSentSecond <= o.nomosRate)}; ` +
      `${f.writesReported.reported} writes reported, ${f.writesReported.arrived} requests arrived)`,
    `  replicas' sending after the slot: pool wait up to ${f.replicaLateness.poolWaitMs} ms ` +
      `(${f.replicaLateness.poolWaitsOver100} over 100 ms), event loop stalled up to ${f.replicaLateness.stallMs} ms`,
    `  credentials in replica logs: ${leaks.length ? leaks.map(([k, n]) => `${n} ${k}`).join(', ') : 'none'} ` +
      `(${f.secretsScanned} values scanned)`,
    `  replicas: ${f.kills} SIGKILLed by the harness, ${f.faults.replicaRestarts} restarted, ` +
      `${f.crashes} crashed unasked; PostgreSQL restarts: ${f.faults.pgRestarts}`,
  ];
}
