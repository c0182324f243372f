// The processes of `npm run bench`: each target server, the Nomos double and the load generator run
// in their own process (forked, with an IPC channel), so one's CPU is never billed to another and
// /proc shows each server's own time.
import { fork, type ChildProcess } from 'node:child_process';

/** A forked bench process: its pid, questions over IPC, and a stop. */
export interface BenchChild {
  readonly pid: number;
  /** What the child reported when ready (e.g. its URL). */
  readonly ready: Record<string, unknown>;
  ask<T>(question: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

interface Reply {
  id?: number;
  answer?: unknown;
  error?: string;
  ready?: Record<string, unknown>;
}

/** Forks `entry` with `config` (JSON in BENCH_CHILD, never logged) and waits for its ready message. */
export function startChild(
  entry: string,
  config: unknown,
  { timeoutMs = 120_000, execArgv = [] as string[] } = {},
): Promise<BenchChild> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_CHILD: JSON.stringify(config) };
  delete env.NODE_OPTIONS;
  const proc: ChildProcess = fork(entry, [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  return new Promise<BenchChild>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready after ${timeoutMs} ms`)), timeoutMs);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`${entry} exited (code ${code}, signal ${signal})`);
      for (const w of waiting.values()) w.reject(error);
      reject(error);
    });
    proc.on('message', (message: Reply) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve({
          pid: proc.pid as number,
          ready: message.ready,
          ask<T>(question: string, body?: unknown) {
            const id = ++next;
            return new Promise<T>((res, rej) => {
              waiting.set(id, { resolve: res as (value: unknown) => void, reject: rej });
              proc.send({ id, question, body });
            });
          },
          stop: () =>
            new Promise<void>((res) => {
              if (proc.exitCode !== null || proc.signalCode !== null) return res();
              proc.once('exit', () => res());
              proc.kill('SIGTERM');
            }),
        });
        return;
      }
      const w = message.id === undefined ? undefined : waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id as number);
      if (message.error) w.reject(new Error(message.error));
      else w.resolve(message.answer);
    });
  });
}

/** In a child: its config, and a way to answer the parent's questions and say it is ready. */
export function childSide<C>(answers: Record<string, (body: unknown) => unknown>) {
  const config = JSON.parse(process.env.BENCH_CHILD ?? '{}') as C;
  delete process.env.BENCH_CHILD;
  process.on('message', (message: { id: number; question: string; body?: unknown }) => {
    const answer = answers[message.question];
    Promise.resolve()
      .then(() => (answer ? answer(message.body) : Promise.reject(new Error(`no answer to ${message.question}`))))
      .then(
        (value) => process.send?.({ id: message.id, answer: value }),
        (error: Error) => process.send?.({ id: message.id, error: error.message }),
      );
  });
  return {
    config,
    ready: (info: Record<string, unknown>) => process.send?.({ ready: info }),
  };
}

/** User + system CPU of process `pid` so far, in microseconds (from /proc/<pid>/stat). */
export async function cpuMicros(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS;
}

// Linux reports /proc times in USER_HZ, 100 on every mainstream architecture.
const CLOCK_TICKS = 100;
