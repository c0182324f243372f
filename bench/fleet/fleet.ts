// `npm run bench:fleet`: the fleet proof at full size (issue 12, item 6). Prints figures, never
// pass/fail on timing: 10k clicks at 100 concurrency through 3 replicas, with Nomos faults, a replica
// SIGKILLed and restarted, and PostgreSQL restarted. Sizes and faults come from the environment:
// FLEET_CLICKS, FLEET_PEOPLE, FLEET_CONCURRENCY, FLEET_NOMOS_RATE, FLEET_REPLICAS, and FLEET_FAULTS
// (comma-separated subset of nomos,kill,restart,pg; default all; 'none' for a clean baseline).
import { fileURLToPath } from 'node:url';
import { runFleet } from './fleet-run.js';
import { reportLines } from './fleet-report.js';
import { privatePostgresUnavailable } from './private-postgres.js';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name]));
const faults = new Set((env.FLEET_FAULTS ?? 'nomos,kill,restart,pg').split(',').map((f) => f.trim()));

const unavailable = privatePostgresUnavailable();
if (unavailable) {
  console.log(`fleet run skipped: ${unavailable}`);
  process.exit(0);
}
const figures = await runFleet({
  replicaEntry: fileURLToPath(new URL('./replica-host.js', import.meta.url)),
  clicks: number('FLEET_CLICKS', 10_000),
  people: number('FLEET_PEOPLE', 300),
  concurrency: number('FLEET_CONCURRENCY', 100),
  nomosRate: number('FLEET_NOMOS_RATE', 10),
  replicas: number('FLEET_REPLICAS', 3),
  nomosFaults: faults.has('nomos'),
  killReplica: faults.has('kill'),
  restartKilled: faults.has('restart'),
  restartPostgres: faults.has('pg'),
  progress: (line) => console.log(line),
});
for (const line of reportLines(figures)) console.log(line);
