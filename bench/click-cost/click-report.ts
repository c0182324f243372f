// The tables `npm run bench` prints: per target medians, and the medians of per-round ratios.
import type { AcsFigures } from './acs-cost.js';

export type TargetName = 'a' | 'b' | 'c';

/** One target's figures in one round. */
export interface RoundFigures {
  target: TargetName;
  perSecond: number;
  /** Latency percentiles, ms (autocannon). */
  p50: number;
  p99: number;
  /** Server process CPU (user + system) per request, µs. */
  cpuPerRequest: number;
  requests: number;
  redirects: number;
  /** Answers other than 302, and errors. */
  others: number;
  /** Mint calls the Nomos double saw during the round. */
  mints: number;
}

const LABELS: Record<TargetName, string> = {
  a: '(a) hand-written Express handler',
  b: '(b) the same as a bare Nest controller',
  c: '(c) the package, GET /portal',
};

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const pick = (round: RoundFigures[], target: TargetName) => round.find((f) => f.target === target) as RoundFigures;
const fixed = (value: number, digits: number) => value.toFixed(digits).padStart(8);

/** One reading of the package server's memory, after `mints` of the RSS run. */
export interface MemoryReading {
  mints: number;
  rss: number;
  anon: number;
  file: number;
  heap: NodeJS.MemoryUsage;
}

/** The RSS run: a reading before it and after each of its steps. */
export interface MemoryFigures {
  readings: MemoryReading[];
}

/** Prints one database's tables. */
export function printLeg(
  kind: string,
  rounds: RoundFigures[][],
  totals: {
    rounds: number;
    connections: number;
    people: number;
    packageMints: number;
    issuedRows: number;
    tokensInRounds: Record<TargetName, number>;
    acs: AcsFigures;
    rss?: MemoryFigures;
  },
): void {
  const lines = [
    `click cost, ${kind}: ${totals.rounds} rounds alternating the targets, ${totals.connections} connections, ` +
      `${totals.people} people`,
    `  target                                      req/s   p50 ms   p99 ms  CPU µs/req   (medians over rounds)`,
  ];
  for (const target of ['a', 'b', 'c'] as const) {
    const figures = rounds.map((round) => pick(round, target));
    lines.push(
      `  ${LABELS[target].padEnd(40)}${fixed(median(figures.map((f) => f.perSecond)), 0)}` +
        `${fixed(median(figures.map((f) => f.p50)), 1)} ${fixed(median(figures.map((f) => f.p99)), 1)}` +
        `${fixed(median(figures.map((f) => f.cpuPerRequest)), 0).padStart(12)}`,
    );
  }
  const ratio = (of: TargetName, to: TargetName, key: 'perSecond' | 'cpuPerRequest') =>
    median(rounds.map((round) => pick(round, of)[key] / pick(round, to)[key])).toFixed(2);
  const p99Above = (to: TargetName) =>
    median(rounds.map((round) => pick(round, 'c').p99 - pick(round, to).p99)).toFixed(1);
  lines.push(
    `  package vs (a): ${ratio('c', 'a', 'perSecond')}× the req/s at ${ratio('c', 'a', 'cpuPerRequest')}× the CPU ` +
      `per request, p99 ${p99Above('a')} ms above`,
    `  package vs (b): ${ratio('c', 'b', 'perSecond')}× the req/s at ${ratio('c', 'b', 'cpuPerRequest')}× the CPU ` +
      `per request, p99 ${p99Above('b')} ms above`,
  );
  const all = rounds.flat();
  const mismatched = all.filter((f) => f.mints !== f.redirects || f.others > 0);
  lines.push(
    `  one mint per 302 and nothing but 302s, in every round of every target: ` +
      (mismatched.length === 0
        ? 'holds'
        : `BROKEN in ${mismatched.length} (${mismatched
            .map((f) => `${f.target}: ${f.mints} mints, ${f.redirects} 302s, ${f.others} other`)
            .join('; ')})`),
    `  package mints ${totals.packageMints} vs issued audit rows ${totals.issuedRows}: ` +
      (totals.packageMints === totals.issuedRows ? 'holds' : 'BROKEN'),
    `  token calls over the run, warm-up included (all within one token lifetime): ` +
      `(a) ${totals.tokensInRounds.a}, (b) ${totals.tokensInRounds.b}, (c) ${totals.tokensInRounds.c}`,
  );
  const { acs, rss } = totals;
  lines.push(
    `  SAML ACS, CPU µs per sign-in: package ${acs.packageMicros.toFixed(0)} (${acs.accepted}/${acs.signIns} ` +
      `completed), bare node-saml ${acs.bareMicros.toFixed(0)} (${acs.bareValid}/${acs.signIns} valid): ` +
      `${(acs.packageMicros / acs.bareMicros).toFixed(2)}×`,
  );
  if (rss) {
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)} %`;
    const { readings } = rss;
    const [first] = readings;
    const last = readings[readings.length - 1];
    lines.push(
      `  RSS of the package's server over ${last.mints} mints: ${mb(first.rss)} → ${mb(last.rss)} MB ` +
        `(${growth(first.rss, last.rss)})`,
    );
    if (readings.length >= 6) {
      // One reading lands anywhere in V8's collection cycle (its heap grows and shrinks by tens of
      // MB under this load); the medians of three at each end follow the trend instead.
      const ends = [readings.slice(0, 3), readings.slice(-3)].map((r) => median(r.map((x) => x.rss)));
      lines.push(
        `    trend, median of the first three readings → of the last three: ${mb(ends[0])} → ` +
          `${mb(ends[1])} MB (${growth(ends[0], ends[1])})`,
      );
    }
    if (readings.length > 2) {
      lines.push('    after mints: RSS (anonymous + file-backed) | V8 heap used / total, external (MB)');
      for (const r of readings) {
        lines.push(
          `    ${String(r.mints).padStart(7)}: ${mb(r.rss)} (${mb(r.anon)} + ${mb(r.file)}) | ` +
            `${mb(r.heap.heapUsed)} / ${mb(r.heap.heapTotal)}, ${mb(r.heap.external)}`,
        );
      }
    }
  }
  console.log(lines.join('\n'));
}
