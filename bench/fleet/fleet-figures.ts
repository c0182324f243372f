// What a fleet run proves, read back after the load: the audit against the emulator's own counts,
// the busiest second Nomos saw, credentials in the replicas' logs, crashes.
import pg from 'pg';
import type { NomosEmulator } from '../../src/testing/index.js';
import { findCredentials, sessionIds } from './credential-scan.js';
import type { AuditCheckRun } from './fleet-audit.js';
import type { FaultLog } from './fleet-faults.js';
import type { ResolvedFleetRunOptions } from './fleet.options.js';
import type { ClickTally, SignedIn } from './load.js';
import { busiestWindow, type NomosFront } from './nomos-front.js';
import type { PrivatePostgres } from './private-postgres.js';
import type { Replica } from './replicas.js';
import type { RoundRobinProxy } from './round-robin-proxy.js';

/** Every figure a fleet run prints (and the CI-sized test asserts). */
export interface FleetFigures {
  options: Omit<ResolvedFleetRunOptions, 'progress' | 'onSecrets'>;
  /** `nomos.rateLimit` given to the replicas; `undefined`: the package's default (none on main). */
  pacing?: Record<string, unknown>;
  durationMs: number;
  signedIn: number;
  signInFailures: number;
  /** Proxy requests per replica, in replica order. */
  perReplica: number[];
  clicksByStatus: Record<string, number>;
  /** 302s to a portal link seen by the load generator. */
  linksWritten: number;
  /** Clicks of the round after the faults (one per person, once every replica served again). */
  recovery?: { byStatus: Record<string, number>; waitedMs: number };
  badGateways: number;
  /** `POST /admin/magic_link` requests the emulator saw (faulted and rate-limited ones included). */
  emulatorMints: number;
  /** Answers 429 by the emulator's own rate limit (any route). */
  emulatorRateLimited: number;
  /** Audit rows and Σ mint_attempts by outcome. */
  audit: Record<string, { rows: number; attempts: number }>;
  auditAttempts: number;
  /** Audit rows by `outcome/errorCode` (e.g. `denied/BUSY`), most frequent first. */
  auditCodes: Array<[string, number]>;
  issuedRows: number;
  /**
   * `issued` rows whose link did not reach the load generator, by what their click got instead
   * (`proxy 502`: the replica died with the answer in flight; `unknown`: no click sent that request id).
   */
  undeliveredIssued: Record<string, number>;
  /**
   * Rows a replica left `pending` (it died, or could not write the completion) that a reconciliation
   * turned `abandoned` / `PENDING_EXPIRED`, the replicas' own periodic one included.
   */
  expiredRows: number;
  /** `pending` rows right after the load. */
  pendingBeforeReconcile: number;
  /** `pending` rows after the reconciliation (the same as before when there is none). */
  pendingRows: number;
  /** Whether a reconciliation ran before `pendingRows` was counted. */
  reconciled: boolean;
  /** `audit verify`, when the package has one. */
  verify?: { ok: boolean; detail: string };
  busiestMintSecond: number;
  /** The emulator's own figure (`maxCallsInAnyWindow`), when this build's emulator has it. */
  emulatorBusiestSecond?: number;
  busiestApiSecond: number;
  /** The longest the measuring process (front and emulator) stood still during the clicks, ms. */
  measuringStallMs: number;
  /**
   * The most API calls in any window of 1 s minus that stall: what the stamps prove, since a stall
   * can have bunched arrivals that in truth spanned up to a whole second.
   */
  busiestApiSecondBeyondStall: number;
  /**
   * The most requests the replicas wrote to Nomos in any 1-second window, from the write times they
   * report (bench/fleet/replica-host.ts): no process's stall moves those stamps.
   */
  busiestSentSecond: number;
  /** Writes the replicas reported vs API requests the front saw (a SIGKILLed replica's last 100 ms are lost). */
  writesReported: { reported: number; arrived: number };
  /** Where the replicas' calls lost time after their slot (worst of all replicas, from `FLEET-LATE` lines). */
  replicaLateness: ReplicaLateness;
  resets: number;
  /** Credentials found in any replica's output, by kind (empty: none). */
  credentialsInLogs: Record<string, number>;
  secretsScanned: number;
  crashes: number;
  kills: number;
  faults: FaultLog;
}

/** Worst cases a replica reports of its own sending (bench/fleet/replica-host.ts). */
export interface ReplicaLateness {
  /** Longest wait between a request handed to undici and its headers written, ms. */
  poolWaitMs: number;
  /** Requests that waited over 100 ms (the most any one replica reported). */
  poolWaitsOver100: number;
  /** Longest event-loop stall of a replica, ms. */
  stallMs: number;
}

/** Everything {@link readFigures} looks at. */
export interface FigureSources {
  options: ResolvedFleetRunOptions;
  pg: PrivatePostgres;
  emulator: NomosEmulator;
  front: NomosFront;
  proxy: RoundRobinProxy;
  replicas: Replica[];
  tally: ClickTally;
  recovery?: ClickTally & { waitedMs: number };
  signIns: { signedIn: SignedIn[]; failures: number };
  faults: FaultLog;
  secrets: { clientSecret: string; sessionSecret: string };
  pacing?: Record<string, unknown>;
  pendingBefore: number;
  check?: AuditCheckRun;
  durationMs: number;
  measuringStallMs: number;
}

/** Reads the figures; replicas must have stopped (their output is complete). */
export async function readFigures(s: FigureSources): Promise<FleetFigures> {
  const checked = s.check?.result.available === true;
  const verify = checked ? { ok: s.check?.result.ok === true, detail: s.check?.result.detail ?? '' } : undefined;
  const { audit, auditCodes, issuedRequestIds } = await readAudit(s.pg.url);
  const undeliveredIssued: Record<string, number> = {};
  for (const id of issuedRequestIds) {
    const answer = (id && (s.tally.answers.get(id) ?? s.recovery?.answers.get(id))) || 'unknown';
    if (answer !== 'link') undeliveredIssued[answer] = (undeliveredIssued[answer] ?? 0) + 1;
  }
  const expiredRows = auditCodes.find(([code]) => code === 'abandoned/PENDING_EXPIRED')?.[1] ?? 0;
  const links = s.emulator.issuedLinks();
  const cookies = s.signIns.signedIn.map((p) => p.cookie);
  const secrets = {
    'client secret': [s.secrets.clientSecret],
    'session secret': [s.secrets.sessionSecret],
    'access token': s.emulator.issuedTokens(),
    'magic link': [...links.map((l) => l.link), ...s.tally.links, ...(s.recovery?.links ?? [])],
    'token hash': links.map((l) => l.tokenHash),
    'session cookie': cookies,
    'session id': cookies.flatMap(sessionIds),
  };
  s.options.onSecrets?.(secrets);
  const { progress: _p, onSecrets: _s, ...options } = s.options;
  const emulator = s.emulator as unknown as { maxCallsInAnyWindow?: (windowMs?: number) => number };
  const outputs = s.replicas.map((r) => r.output());
  const writes = writesOf(outputs);
  const logs = [...outputs, s.check?.output ?? ''].join('\n');
  const sum = (pick: (a: { rows: number; attempts: number }) => number) =>
    Object.values(audit).reduce((total, a) => total + pick(a), 0);
  return {
    options,
    pacing: s.pacing,
    durationMs: s.durationMs,
    signedIn: s.signIns.signedIn.length,
    signInFailures: s.signIns.failures,
    perReplica: s.replicas.map((r) => s.proxy.perTarget.get(r.config.port) ?? 0),
    clicksByStatus: s.tally.byStatus,
    linksWritten: s.tally.linksWritten + (s.recovery?.linksWritten ?? 0),
    recovery: s.recovery && { byStatus: s.recovery.byStatus, waitedMs: Math.round(s.recovery.waitedMs) },
    badGateways: s.proxy.badGateways,
    emulatorMints: s.emulator.counters.mintRequests,
    emulatorRateLimited: s.emulator.counters.rateLimited,
    audit,
    auditAttempts: sum((a) => a.attempts),
    issuedRows: audit.issued?.rows ?? 0,
    undeliveredIssued,
    expiredRows,
    auditCodes,
    pendingRows: audit.pending?.rows ?? 0,
    pendingBeforeReconcile: s.pendingBefore,
    reconciled: checked,
    verify,
    busiestMintSecond: busiestWindow(s.front.mintArrivals),
    emulatorBusiestSecond: emulator.maxCallsInAnyWindow?.(1000),
    busiestApiSecond: busiestWindow(s.front.allArrivals),
    measuringStallMs: s.measuringStallMs,
    busiestApiSecondBeyondStall: busiestWindow(s.front.allArrivals, Math.max(1, 1000 - s.measuringStallMs)),
    busiestSentSecond: busiestWindow(writes),
    writesReported: { reported: writes.length, arrived: s.front.allArrivals.length },
    replicaLateness: latenessOf(outputs),
    resets: s.front.resets,
    credentialsInLogs: findCredentials(logs, secrets),
    secretsScanned: Object.values(secrets).reduce((n, v) => n + v.length, 0),
    crashes: s.replicas.reduce((n, r) => n + r.crashes, 0),
    kills: s.replicas.reduce((n, r) => n + r.kills, 0),
    faults: s.faults,
  };
}

function writesOf(outputs: string[]): number[] {
  const writes: number[] = [];
  for (const line of outputs.join('\n').matchAll(/FLEET-WRITES (\[[^\]\n]*\])/g)) {
    writes.push(...(JSON.parse(line[1]) as number[]));
  }
  return writes;
}

function latenessOf(outputs: string[]): ReplicaLateness {
  const worst: ReplicaLateness = { poolWaitMs: 0, poolWaitsOver100: 0, stallMs: 0 };
  for (const line of outputs.join('\n').matchAll(/FLEET-LATE (\{[^}\n]*\})/g)) {
    const seen = JSON.parse(line[1]) as Partial<ReplicaLateness>;
    for (const key of Object.keys(worst) as Array<keyof ReplicaLateness>) {
      worst[key] = Math.max(worst[key], Number(seen[key]) || 0);
    }
  }
  return worst;
}

/** The audit table after the run: rows and attempts by outcome, rows by outcome/code, issued rows' request ids. */
async function readAudit(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const byOutcome = await client.query<{ outcome: string; rows: string; attempts: string }>(
      'SELECT outcome, count(*) AS rows, coalesce(sum(mint_attempts), 0) AS attempts ' +
        'FROM nomos_magic_link_audit GROUP BY outcome ORDER BY outcome',
    );
    const codes = await client.query<{ code: string; n: string }>(
      "SELECT outcome || '/' || coalesce(error_code, 'NONE') AS code, count(*) AS n FROM nomos_magic_link_audit " +
        'GROUP BY 1 ORDER BY 2 DESC, 1',
    );
    const issued = await client.query<{ request_id: string | null }>(
      "SELECT request_id FROM nomos_magic_link_audit WHERE outcome = 'issued'",
    );
    const audit: FleetFigures['audit'] = {};
    for (const row of byOutcome.rows) audit[row.outcome] = { rows: Number(row.rows), attempts: Number(row.attempts) };
    return {
      audit,
      auditCodes: codes.rows.map((row): [string, number] => [row.code, Number(row.n)]),
      issuedRequestIds: issued.rows.map((row) => row.request_id),
    };
  } finally {
    await client.end();
  }
}
