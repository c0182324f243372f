// The fault schedule of a fleet run, keyed to the share of clicks done so that a reduced run and the
// full-size one see the same story: Nomos misbehaves, a replica dies (and comes back), the database restarts.
import type { NomosEmulator } from '../../src/testing/index.js';
import type { NomosFront } from './nomos-front.js';
import type { PrivatePostgres } from './private-postgres.js';
import type { Replica } from './replicas.js';
import type { ResolvedFleetRunOptions } from './fleet.options.js';

/** What the schedule did, for the report. */
export interface FaultLog {
  /** `[share of clicks, what]`, in order. */
  events: Array<[number, string]>;
  /** Failed steps (e.g. a restart that did not come up): the run goes on, the report says so. */
  errors: string[];
  pgRestarts: number;
  replicaRestarts: number;
}

interface Step {
  at: number;
  what: string;
  run(): Promise<void> | void;
}

/** Builds the schedule; call `tick(done)` after each click and `settle()` before reading figures. */
export function faultSchedule(
  options: ResolvedFleetRunOptions,
  parts: { emulator: NomosEmulator; front: NomosFront; pg: PrivatePostgres; replicas: Replica[] },
) {
  const { emulator, front, pg, replicas } = parts;
  const victim = replicas[replicas.length - 1];
  const log: FaultLog = { events: [], errors: [], pgRestarts: 0, replicaRestarts: 0 };
  const burst = Math.max(3, Math.round(options.clicks / 200));
  const steps: Step[] = [];
  if (options.nomosFaults) {
    steps.push(
      { at: 0.2, what: 'Nomos latency 300 ms', run: () => void (emulator.latencyMs = 300) },
      {
        at: 0.25,
        what: `Nomos faults: ${burst}× 429 (Retry-After 1), ${burst}× 500, ${burst}× reset, 3× hang`,
        run: () => {
          emulator.injectFault('mint', { status: 429, retryAfter: 1 }, burst);
          emulator.injectFault('mint', { status: 500 }, burst);
          emulator.injectFault('mint', { hang: true }, 3);
          front.resetNextMints(burst);
        },
      },
      { at: 0.3, what: 'Nomos latency back to 0', run: () => void (emulator.latencyMs = 0) },
      { at: 0.5, what: `Nomos token endpoint: 2× 503`, run: () => emulator.injectFault('token', { status: 503 }, 2) },
    );
  }
  if (options.killReplica) {
    steps.push({ at: 0.4, what: `SIGKILL ${victim.config.name}`, run: () => victim.kill() });
    if (options.restartKilled) {
      steps.push({
        at: 0.6,
        what: `restart ${victim.config.name}`,
        run: async () => {
          await victim.start();
          log.replicaRestarts++;
        },
      });
    }
  }
  if (options.restartPostgres) {
    steps.push({
      at: 0.7,
      what: 'PostgreSQL restart (pg_ctl restart -m fast)',
      run: async () => {
        await pg.restart();
        log.pgRestarts++;
      },
    });
  }
  steps.sort((a, b) => a.at - b.at);
  const running: Array<Promise<void>> = [];
  let next = 0;
  return {
    log,
    tick(done: number) {
      while (next < steps.length && done >= steps[next].at * options.clicks) {
        const step = steps[next++];
        log.events.push([step.at, step.what]);
        options.progress?.(`  [${Math.round(step.at * 100)} %] ${step.what}`);
        // Faults run beside the load, never blocking a click.
        running.push(
          Promise.resolve()
            .then(() => step.run())
            .catch((error: unknown) => void log.errors.push(`${step.what}: ${(error as Error).message}`)),
        );
      }
    },
    async settle() {
      await Promise.all(running);
      emulator.latencyMs = 0;
      emulator.clearFaults();
    },
  };
}
