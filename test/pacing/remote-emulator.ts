import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatorCounters, NomosEmulatorOptions } from '../../src/testing/index.js';

/** What the emulator in the child process reports. Tokens and links are credentials: never log them. */
export interface EmulatorReport {
  counters: EmulatorCounters;
  maxCallsInAnyWindow: number;
  tokens: string[];
  links: Array<[link: string, tokenHash: string]>;
}

/** A `NomosEmulator` in a child process (see emulator-child.mjs), driven over IPC. */
export class RemoteEmulator {
  private constructor(
    private readonly child: ChildProcess,
    /** Base URL of its API. */
    readonly apiUrl: string,
  ) {}

  static async start(options: NomosEmulatorOptions): Promise<RemoteEmulator> {
    const child = fork(join(import.meta.dirname, 'emulator-child.mjs'), [JSON.stringify(options)], {
      execArgv: ['--import', join(import.meta.dirname, 'ts-register.mjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await RemoteEmulator.next<{ apiUrl: string }>(child, 'ready');
    return new RemoteEmulator(child, ready.apiUrl);
  }

  /** Counters, the busiest `windowMs` window, and every token and link issued so far. */
  report(windowMs = 1000): Promise<EmulatorReport> {
    const reply = RemoteEmulator.next<EmulatorReport>(this.child, 'report');
    this.child.send({ type: 'report', windowMs });
    return reply;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    await exited;
  }

  private static next<T>(child: ChildProcess, type: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string } & T) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`emulator child exited (${code}) before '${type}'`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}
