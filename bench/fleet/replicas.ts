// The fleet's app processes: spawned, watched (their whole output kept for the credential scan),
// SIGKILLed and restarted on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ReplicaConfig } from './fleet.types.js';

/** One replica process and everything it printed. */
export interface Replica {
  readonly config: ReplicaConfig;
  /** `true` while the process runs and has reported ready. */
  readonly up: boolean;
  /** Exits the harness did not ask for (anything but its own SIGKILL or stop). */
  readonly crashes: number;
  /** SIGKILLs sent by the harness. */
  readonly kills: number;
  /** Everything printed on stdout and stderr, by every incarnation. */
  output(): string;
  /** Starts (or restarts) the process; resolves once it listens. */
  start(timeoutMs?: number): Promise<void>;
  /** SIGKILL: no shutdown hook, no completion write, the way a node dies. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** A replica of `entry` (the compiled replica-host.js) with `config`. */
export function replica(entry: string, config: ReplicaConfig): Replica {
  const chunks: string[] = [];
  let child: ChildProcess | undefined;
  let up = false;
  let crashes = 0;
  let kills = 0;
  let expectingExit = false;
  const exited = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  return {
    config,
    get up() {
      return up;
    },
    get crashes() {
      return crashes;
    },
    get kills() {
      return kills;
    },
    output: () => chunks.join(''),
    start(timeoutMs = 60_000) {
      expectingExit = false;
      const env: NodeJS.ProcessEnv = { ...process.env, NOMOS_FLEET_REPLICA: JSON.stringify(config) };
      // Jest's ESM flag is not for the replica; it runs as plain node.
      delete env.NODE_OPTIONS;
      const proc = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${config.name} not ready after ${timeoutMs} ms`)), timeoutMs);
        const onData = (chunk: Buffer) => {
          const text = chunk.toString('utf8');
          chunks.push(text);
          if (!up && text.includes(`FLEET-REPLICA-READY ${config.port}`)) {
            up = true;
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout.on('data', onData);
        proc.stderr.on('data', onData);
        proc.once('exit', (code, signal) => {
          up = false;
          clearTimeout(timer);
          if (!expectingExit) {
            crashes++;
            chunks.push(`\n[harness] ${config.name} exited unasked: code ${code}, signal ${signal}\n`);
          }
          // The tail of its output says why (a start-up refusal names the setting, never its value).
          const tail = chunks.join('').slice(-1500);
          reject(new Error(`${config.name} exited (code ${code}, signal ${signal}):\n${tail}`));
        });
      });
    },
    async kill() {
      if (!child || !up) return;
      expectingExit = true;
      kills++;
      child.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (!child) return;
      expectingExit = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
      await exited();
      clearTimeout(timer);
    },
  };
}

/** Runs `entry` once with `config` (e.g. `mode: 'audit-check'`) and resolves with its whole output. */
export function runOnce(entry: string, config: ReplicaConfig, timeoutMs = 120_000): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NOMOS_FLEET_REPLICA: JSON.stringify(config) };
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  proc.stdout.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  proc.stderr.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(chunks.join(''));
    }),
  );
}
