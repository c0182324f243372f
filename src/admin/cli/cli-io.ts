import type { Writable } from 'node:stream';

/**
 * Where a command writes: results on `out` (so they can be piped), messages, progress and the
 * summary on `err`. `env` is read instead of `process.env` so the defaults can be tested.
 */
export interface CliIo {
  out: Writable;
  err: Writable;
  env: NodeJS.ProcessEnv;
  /** Whether `err` is a terminal (a progress bar is drawn only there). */
  errIsTty: boolean;
  /** Working directory that relative file names are taken from. */
  cwd: string;
}

/** The process's own streams, environment and directory. */
export function processIo(): CliIo {
  return {
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    errIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/** Writes one line to `stream`. */
export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}
